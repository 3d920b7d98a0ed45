import { createHash, createHmac } from 'node:crypto';
import { classifyRobotResponse } from '../delivery/classify';
import type { DeliveryOutcome } from '../delivery/outcome';
import type { NowSource } from '../message';
import { isAnswer, postJson } from './http-post';
import type { ChannelSender, DeliveryTarget, SendRequest, TargetOf } from './sender';

export interface RobotSenderOptions {
  clock: NowSource;
  /** scheme and host of the robot API (tests point it at a local receiver) */
  baseUrl: string;
  timeoutMs: number;
}

export const WECOM_DEFAULT_BASE_URL = 'https://qyapi.weixin.qq.com';
export const DINGTALK_DEFAULT_BASE_URL = 'https://oapi.dingtalk.com';
/** WeCom's limits in UTF-8 bytes: markdown content 4096, text content 2048 */
const WECOM_MARKDOWN_MAX_BYTES = 4096;
const WECOM_TEXT_MAX_BYTES = 2048;
const DINGTALK_MAX_BYTES = 20_000;

/** Cuts `s` to at most `maxBytes` of UTF-8 without splitting a character, marking the cut. */
export function truncateUtf8(s: string, maxBytes: number): string {
  if (Buffer.byteLength(s, 'utf8') <= maxBytes) return s;
  const mark = '……';
  let out = '';
  let bytes = Buffer.byteLength(mark, 'utf8');
  for (const ch of s) {
    bytes += Buffer.byteLength(ch, 'utf8');
    if (bytes > maxBytes) break;
    out += ch;
  }
  return out + mark;
}

/**
 * The rate-limit identity of a robot target: the channel and a hash of its key (secrets never reach
 * Redis key names or logs). Null for channels without a per-robot limit.
 */
export function robotIdOf(target: DeliveryTarget): string | null {
  const hash = (s: string) => createHash('sha256').update(s).digest('hex').slice(0, 24);
  if (target.channel === 'wecom') return `wecom:${hash(target.webhookKey)}`;
  if (target.channel === 'dingtalk') return `dingtalk:${hash(target.accessToken)}`;
  return null;
}

/**
 * 企业微信群机器人: POST {baseUrl}/cgi-bin/webhook/send?key=KEY, markdown (or text for groups that
 * include WeChat users, who do not see markdown). Errors come back as a 200 with errcode.
 */
export class WecomSender implements ChannelSender<'wecom'> {
  readonly channel = 'wecom' as const;

  constructor(private readonly options: RobotSenderOptions) {}

  async send({ target, message }: SendRequest<TargetOf<'wecom'>>): Promise<DeliveryOutcome> {
    const url = `${this.options.baseUrl}/cgi-bin/webhook/send?key=${encodeURIComponent(target.webhookKey)}`;
    const body =
      target.format === 'text'
        ? { msgtype: 'text', text: { content: truncateUtf8(`${message.title}\n\n${message.text}`, WECOM_TEXT_MAX_BYTES) } }
        : { msgtype: 'markdown', markdown: { content: truncateUtf8(message.markdown, WECOM_MARKDOWN_MAX_BYTES) } };
    const answer = await postJson({ url, headers: {}, body: JSON.stringify(body) }, { timeoutMs: this.options.timeoutMs, clock: this.options.clock });
    return isAnswer(answer) ? classifyRobotResponse('wecom', answer.status, answer.body, answer.retryAfterMs) : answer;
  }
}

/**
 * DingTalk's signed-mode signature (加签): base64(HMAC-SHA256(secret, `${timestamp}\n${secret}`)),
 * timestamp in ms; DingTalk refuses a timestamp more than an hour from its clock, so it is computed
 * at send time on every attempt.
 */
export function dingtalkSign(timestampMs: number, secret: string): string {
  return createHmac('sha256', secret).update(`${timestampMs}\n${secret}`, 'utf8').digest('base64');
}

/** 钉钉自定义机器人, signed: POST {baseUrl}/robot/send?access_token=…&timestamp=…&sign=…, markdown. */
export class DingtalkSender implements ChannelSender<'dingtalk'> {
  readonly channel = 'dingtalk' as const;

  constructor(private readonly options: RobotSenderOptions) {}

  async send({ target, message }: SendRequest<TargetOf<'dingtalk'>>): Promise<DeliveryOutcome> {
    const timestamp = this.options.clock.now().getTime();
    const query = new URLSearchParams({ access_token: target.accessToken, timestamp: String(timestamp), sign: dingtalkSign(timestamp, target.secret) });
    const body = { msgtype: 'markdown', markdown: { title: message.title, text: truncateUtf8(message.markdown, DINGTALK_MAX_BYTES) } };
    const answer = await postJson(
      { url: `${this.options.baseUrl}/robot/send?${query}`, headers: {}, body: JSON.stringify(body) },
      { timeoutMs: this.options.timeoutMs, clock: this.options.clock },
    );
    return isAnswer(answer) ? classifyRobotResponse('dingtalk', answer.status, answer.body, answer.retryAfterMs) : answer;
  }
}
