import type { Role } from '../auth/auth.decorators';

export interface SampleAccount {
  username: string;
  displayName: string;
  password: string;
  role: Role;
  /** the bureau's unit, by its canonical name */
  unit?: string;
}

const BUREAU_PASSWORD = 'Bureau#2022';

function bureau(username: string, unit: string): SampleAccount {
  return { username, displayName: unit, password: BUREAU_PASSWORD, role: 'bureau', unit };
}

/**
 * Local-only sample accounts (docs/readme/i16.md lists them): the office, a leader, and one
 * account for every unit that leads a task of the compendium, since each unit signs for,
 * reports on and answers for its own tasks.
 */
export const SAMPLE_ACCOUNTS: readonly SampleAccount[] = [
  { username: 'office', displayName: '区统筹办', password: 'Office#2022', role: 'office' },
  { username: 'leader', displayName: '区领导', password: 'Leader#2022', role: 'leader' },
  bureau('fgj', '区发展改革局'),
  bureau('czj', '区财政局'),
  bureau('gxj', '区工业和信息化局'),
  bureau('sthj', '市生态环境局周村分局'),
  bureau('kjj', '区科技局'),
  bureau('zjj', '区住房城乡建设局'),
  bureau('rfb', '区人防办'),
  bureau('swj', '区商务局'),
  bureau('fwy', '区服务业发展中心'),
  bureau('zrzy', '区自然资源局'),
  bureau('swuj', '区税务局'),
  bureau('njzx', '区农业技术服务中心'),
  bureau('rsj', '区人力资源社会保障局'),
  bureau('scjg', '区市场监管局'),
  bureau('jtj', '区交通运输局'),
  bureau('dsj', '区大数据局'),
  bureau('mzj', '区民政局'),
];
