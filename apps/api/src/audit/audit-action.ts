/**
 * Every action an audit entry records, as `<entity>.<verb>`. The task history reads these back
 * and the web app labels them, so an action is never renamed; add new ones here.
 */
export type AuditAction =
  // sessions and access refused before a feature ran
  | 'auth.login'
  | 'auth.refresh'
  | 'auth.logout'
  | 'access.refused'
  // accounts and organisation
  | 'user.create'
  | 'user.update'
  | 'user.notification-preferences'
  | 'unit.create'
  | 'unit.update'
  | 'unit.section.add'
  | 'unit.alias.add'
  | 'unit.channel.update'
  | 'unit.channel.delete'
  | 'calendar.update'
  // documents, measures and tasks
  | 'document.import'
  | 'document.publish'
  | 'measure.reporting'
  | 'task.access'
  | 'task.update'
  | 'task.transition'
  | 'task.sign'
  | 'task.assign'
  | 'task.deadline.extend'
  // progress reports and their attachments
  | 'report.access'
  | 'report.create'
  | 'report.update'
  | 'report.save'
  | 'report.submit'
  | 'report.accept'
  | 'report.return'
  | 'report.batch_save'
  | 'report.batch_submit'
  | 'attachment.upload'
  | 'attachment.delete'
  | 'attachment.access'
  // extensions and supervision notices
  | 'extension.request'
  | 'extension.approve'
  | 'extension.reject'
  | 'notice.issue'
  | 'notice.reply'
  | 'notice.close'
  // rollups
  | 'ledger.access';
