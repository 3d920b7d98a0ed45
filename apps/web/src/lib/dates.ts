import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import timezone from 'dayjs/plugin/timezone';
import utc from 'dayjs/plugin/utc';

/** Every date the app shows is a Shanghai date, wherever the browser is. */
export const DOMAIN_TIMEZONE = 'Asia/Shanghai';

dayjs.extend(utc);
dayjs.extend(timezone);
dayjs.locale('zh-cn');
dayjs.tz.setDefault(DOMAIN_TIMEZONE);

/** "2022-12-31" → "2022年12月31日" (a calendar date: no time zone to convert). */
export function formatDate(date: string | null | undefined): string {
  if (!date) return '长期';
  return dayjs(date, 'YYYY-MM-DD').format('YYYY年M月D日');
}

/** An instant shown in Shanghai time: "2022年6月1日 09:30". */
export function formatDateTime(instant: string | null | undefined): string {
  if (!instant) return '—';
  return dayjs(instant).tz(DOMAIN_TIMEZONE).format('YYYY年M月D日 HH:mm');
}

export { dayjs };
