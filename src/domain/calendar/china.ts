/**
 * Mainland China's public holidays and make-up working days from the npm package `chinese-days`
 * (MIT; data from the State Council's annual notices, checked daily by the package's automated
 * job and released when a notice changes). Its `dist/chinese-days.json` maps each date to
 * "English name,中文名,n"; we keep the Chinese name. The data come in as a JSON module, so the
 * domain reads no files; updating the package updates the calendar.
 */
import chineseDaysJson from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import chineseDaysPackage from 'chinese-days/package.json' with { type: 'json' };
import { WorkingCalendar, type CalendarData } from './working-calendar.js';

interface ChineseDaysJson {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
}

function zhName(v: string): string {
  const parts = v.split(',');
  return parts[1] ?? parts[0] ?? v;
}

/** The package's data as CalendarData (pure given the two JSON values; exported for tests). */
export function calendarDataFromChineseDays(json: ChineseDaysJson, version: string): CalendarData {
  const map = (o: Record<string, string>) => Object.fromEntries(Object.entries(o).map(([d, v]) => [d, zhName(v)]));
  return {
    source: {
      name: 'chinese-days',
      version,
      url: 'https://www.npmjs.com/package/chinese-days',
      maintenance: '据国务院办公厅节假日安排通知，每日自动核对更新 / from the State Council holiday notices, checked daily',
    },
    holidays: map(json.holidays),
    workdays: map(json.workdays),
  };
}

let cached: WorkingCalendar | undefined;

/** The calendar of mainland China from the installed `chinese-days` package (read once). */
export function chinaCalendar(): WorkingCalendar {
  cached ??= new WorkingCalendar(calendarDataFromChineseDays(chineseDaysJson as unknown as ChineseDaysJson, (chineseDaysPackage as { version: string }).version));
  return cached;
}
