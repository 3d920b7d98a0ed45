import type { RenderedMessage } from '../message';

/**
 * The largest robot markdown we send, in UTF-8 bytes: WeCom takes 4096 bytes of markdown, DingTalk
 * more; one budget for both keeps a digest's robot message whole (items past it become "另有 N 项").
 */
export const ROBOT_MARKDOWN_MAX_BYTES = 4000;

/** A list inside a message: 【到期提醒】 with its tasks. */
export interface ContentSection {
  heading: string;
  items: string[];
}

/** What a template produces; `formatMessage` turns it into text, robot markdown and email HTML. */
export interface MessageContent {
  kind: string;
  title: string;
  paragraphs: string[];
  sections?: ContentSection[];
  /** last line: where to act (登录落实系统…) */
  footer?: string;
  data?: Record<string, unknown>;
}

const utf8Bytes = (s: string) => Buffer.byteLength(s, 'utf8');

/** Markdown's inline markers in user text (task titles) would restyle it: escaped. */
export function escapeMarkdown(s: string): string {
  return s.replace(/([\\`*_[\]<>~|])/g, '\\$1');
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function toText(c: MessageContent): string {
  const blocks = [...c.paragraphs];
  for (const s of c.sections ?? []) blocks.push([s.heading, ...s.items.map((item, i) => `${i + 1}. ${item}`)].join('\n'));
  if (c.footer) blocks.push(c.footer);
  return blocks.join('\n\n');
}

function toHtml(c: MessageContent): string {
  const parts = [`<h3>${escapeHtml(c.title)}</h3>`, ...c.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`)];
  for (const s of c.sections ?? []) {
    parts.push(`<h4>${escapeHtml(s.heading)}</h4>`, `<ol>${s.items.map((item) => `<li>${escapeHtml(item)}</li>`).join('')}</ol>`);
  }
  if (c.footer) parts.push(`<p>${escapeHtml(c.footer)}</p>`);
  return parts.join('\n');
}

/**
 * Robot markdown within `maxBytes`: title, paragraphs and footer always; list items in order while
 * they fit, the rest counted in one closing line so nothing is dropped silently.
 */
function toMarkdown(c: MessageContent, maxBytes: number): string {
  const head = [`### ${escapeMarkdown(c.title)}`, ...c.paragraphs.map(escapeMarkdown)].join('\n\n');
  const footer = c.footer ? `\n\n${escapeMarkdown(c.footer)}` : '';
  const total = (c.sections ?? []).reduce((n, s) => n + s.items.length, 0);
  const omittedLine = (n: number) => `\n\n……另有 ${n} 项未列出`;
  let out = head;
  let listed = 0;
  let full = false;
  for (const s of c.sections ?? []) {
    if (full) break;
    const heading = `\n\n**${escapeMarkdown(s.heading)}**\n`;
    const reserve = utf8Bytes(footer) + utf8Bytes(omittedLine(total));
    if (utf8Bytes(out + heading) + reserve > maxBytes) break;
    let block = heading;
    for (const item of s.items) {
      const line = `\n- ${escapeMarkdown(item)}`;
      if (utf8Bytes(out + block + line) + reserve > maxBytes) {
        full = true;
        break;
      }
      block += line;
      listed++;
    }
    out += block;
  }
  if (listed < total) out += omittedLine(total - listed);
  return out + footer;
}

export function formatMessage(content: MessageContent, robotMarkdownMaxBytes = ROBOT_MARKDOWN_MAX_BYTES): RenderedMessage {
  return {
    kind: content.kind,
    title: content.title,
    text: toText(content),
    markdown: toMarkdown(content, robotMarkdownMaxBytes),
    html: toHtml(content),
    ...(content.data ? { data: content.data } : {}),
  };
}

/**
 * A notification already stored as title + body (the outbox rows the API writes) as a message for
 * the external channels.
 */
export function messageFromNotification(n: { kind: string; title: string; body: string; payload?: Record<string, unknown> | null }): RenderedMessage {
  return formatMessage({ kind: n.kind, title: n.title, paragraphs: n.body.split(/\n{2,}/), ...(n.payload ? { data: n.payload } : {}) });
}
