import { Tag, Tooltip } from 'antd';
import { LIGHTS, type Light } from '@/lib/labels';

interface Props {
  light: Light;
  reasons: { code: string; message: string }[];
  /** show the reasons as text next to the tag (task page) rather than in a tooltip (lists) */
  inline?: boolean;
}

/** A traffic light as colour AND word, with its reasons (never colour alone). */
export function LightTag({ light, reasons, inline = false }: Props) {
  const { word, color } = LIGHTS[light];
  const reasonText = reasons.map((reason) => reason.message).join('；');
  const tag = (
    <Tag color={color} aria-label={reasonText ? `${word}：${reasonText}` : word} style={{ marginInlineEnd: 4 }}>
      {word}
    </Tag>
  );
  if (inline)
    return (
      <span>
        {tag}
        {reasonText && <span>{reasonText}</span>}
      </span>
    );
  return reasonText ? <Tooltip title={reasonText}>{tag}</Tooltip> : tag;
}

/** The first reason in words, for narrow screens where a tooltip is out of reach. */
export function firstReason(reasons: { message: string }[]): string {
  return reasons[0]?.message ?? '';
}
