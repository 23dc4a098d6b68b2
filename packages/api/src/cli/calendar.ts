import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { z } from 'zod';
import { calendarYearView } from '@chidao/domain';
import { createDb, createRepositories } from '@chidao/db';
import { temporalConnectionOf } from '@chidao/temporal-tls';
import { changeCalendarYear } from '../services';
import { commandEnv } from './env';
import { CALENDAR_USAGE, parseCalendarArgs, type CalendarCommand } from './calendar-args';

// `npm run calendar -- show <year> | set <year> …` (calendar-args.ts): the working-day calendar from a
// command, as the administrator's screen keeps it.

const envSchema = commandEnv({});

const WEEKDAYS = ['Chủ nhật', 'Thứ Hai', 'Thứ Ba', 'Thứ Tư', 'Thứ Năm', 'Thứ Sáu', 'Thứ Bảy'];
const dmy = (iso: string) => iso.split('-').reverse().join('/');
const line = (iso: string) => `  ${dmy(iso)}  ${WEEKDAYS[new Date(`${iso}T00:00:00Z`).getUTCDay()]}`;

async function main(argv: readonly string[]): Promise<number> {
  let command: CalendarCommand;
  try {
    command = parseCalendarArgs(argv);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    return 2;
  }
  const env = envSchema.safeParse(process.env);
  if (!env.success) {
    process.stderr.write(`calendar: ${z.prettifyError(env.error)}\n${CALENDAR_USAGE}\n`);
    return 2;
  }
  const db = createDb(env.data.DATABASE_URL);
  try {
    const repos = createRepositories(db);
    if (command.kind === 'set') {
      const connection = await Connection.connect(temporalConnectionOf(env.data));
      try {
        const client = new Client({ connection, namespace: env.data.TEMPORAL_NAMESPACE });
        const year = command.year;
        await changeCalendarYear(
          { repos, client, taskQueue: env.data.TEMPORAL_TASK_QUEUE },
          year,
          (before, after) => ({ actor: null, action: 'calendar.set_year', entityType: 'calendar_year', entityId: String(year.year), before, after }),
          `cli-${randomUUID()}`,
        );
      } finally {
        await connection.close();
      }
    }
    const view = calendarYearView(await repos.calendar.load(), command.kind === 'set' ? command.year.year : command.year);
    const source = view.source ? ` — ${view.source.number}${view.source.date ? ` ngày ${dmy(view.source.date)}` : ''} của ${view.source.issuer}` : '';
    process.stdout.write(
      [
        `Lịch làm việc năm ${view.year}: ${view.status === 'announced' ? `theo thông báo${source}` : 'tính theo Bộ luật Lao động (chưa có thông báo)'}`,
        ...(view.note ? [`  ${view.note}`] : []),
        `Ngày nghỉ (${view.daysOff.length}):`,
        ...view.daysOff.map(line),
        `Ngày làm bù (${view.workingWeekends.length}):`,
        ...view.workingWeekends.map(line),
        ...(command.kind === 'set' ? ['Đã lưu; các nhiệm vụ đang theo dõi có thời hạn trong năm này được tính lại.'] : []),
        '',
      ].join('\n'),
    );
    return 0;
  } catch (error) {
    process.stderr.write(`calendar: ${(error as Error).message}\n`);
    return 1;
  } finally {
    await db.close();
  }
}

process.exitCode = await main(process.argv.slice(2));
