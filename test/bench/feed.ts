/**
 * Bulk-feed benchmark (issue 13): a court's file of 100,000 listing records sent through the
 * running hub over HTTP — `POST /feeds` on the gateway, batches of 500 through the sanctions
 * subgraph — on the embedded store, timed from the first byte sent to the summary line. The goal:
 * 100,000 records in under a minute, with the screening index built beforehand and updated as
 * the feed goes. Then the same file again (every line UNCHANGED).
 *
 *   npx tsx test/bench/feed.ts [records]
 */
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { startTestHub } from '../support/hub.ts';
import { makeCitizenId } from '../../subgraphs/shared/platform/ids.ts';

export interface FeedBench {
  records: number;
  seconds: number;
  perSecond: number;
  applied: number;
  refused: number;
  againSeconds: number;
  unchanged: number;
}

export const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
export const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍鹏辉建国立新海波宁欣怡晨阳浩然子轩雨涵梓涵';
export const AREAS = ['320102', '320104', '320105', '320106', '320111', '320113', '320114', '320115', '320116', '320117', '320118'];

/** n court listing records, one JSON line each, every one valid and licensed for the Nanjing court */
export function courtFile(n: number): string {
  const lines: string[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const name = `${SURNAMES[i % SURNAMES.length]}${GIVEN[(i * 7) % GIVEN.length]}${i % 3 === 0 ? '' : GIVEN[(i * 13) % GIVEN.length]}`;
    const birth = `19${60 + (i % 40)}-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`;
    const code = makeCitizenId(AREAS[i % AREAS.length]!, birth, 1 + (Math.floor(i / AREAS.length) % 999));
    const ref = `(2026)苏01执${100000 + i}号`;
    lines[i] = JSON.stringify({
      ref,
      list: 'DISHONEST_JUDGMENT_DEBTOR',
      subjectCode: code,
      subjectName: name,
      basis: '有履行能力而拒不履行生效法律文书确定义务',
      obligation: `偿还借款 ${1000 + (i % 90000)} 元`,
      severity: 'SERIOUS',
      listedAt: '2026-11-02',
      displayUntil: null,
      measures: ['HIGH_CONSUMPTION', 'AIR_TRAVEL'],
      sourceDocument: `${ref}决定书`,
    });
  }
  return lines.join('\n');
}

async function send(url: string, token: string, body: string): Promise<{ seconds: number; summary: { applied: number; unchanged: number; refused: number } }> {
  const started = performance.now();
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-ndjson', authorization: `Bearer ${token}` }, body });
  const text = await res.text();
  const seconds = (performance.now() - started) / 1000;
  const last = JSON.parse(text.slice(text.lastIndexOf('\n', text.length - 2) + 1)) as { summary: { applied: number; unchanged: number; refused: number } };
  return { seconds, summary: last.summary };
}

export async function benchFeed(records = 100_000): Promise<FeedBench> {
  const t = await startTestHub({ env: { LOG_LEVEL: 'silent' } });
  try {
    const file = courtFile(records);
    const token = await t.token('court-nanjing-intermediate');
    const url = t.url.replace(/\/graphql$/, '/feeds');
    // the screening index is built first, as on a hub that has screened: the feed updates it as it goes
    await t.query('regulator-jiangsu-credit', /* GraphQL */ `{ screen(subjects: [{ name: "王伟" }]) { hits { ref } } }`);
    const first = await send(url, token, file);
    const again = await send(url, token, file);
    return {
      records,
      seconds: first.seconds,
      perSecond: records / first.seconds,
      applied: first.summary.applied,
      refused: first.summary.refused,
      againSeconds: again.seconds,
      unchanged: again.summary.unchanged,
    };
  } finally {
    await t.stop();
  }
}

export function printFeed(r: FeedBench): void {
  const goal = 100_000 / 60;
  console.log(
    `   first send : ${r.records.toLocaleString('en')} records in ${r.seconds.toFixed(1)} s = ${Math.round(r.perSecond).toLocaleString('en')} records/s ` +
      `(goal: 100,000 in under 60 s = ${Math.round(goal).toLocaleString('en')} records/s: ${r.perSecond >= goal ? 'met' : 'NOT met'}); ${r.applied.toLocaleString('en')} applied, ${r.refused} refused`,
  );
  console.log(`   sent again : ${r.unchanged.toLocaleString('en')} unchanged in ${r.againSeconds.toFixed(1)} s`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  printFeed(await benchFeed(Number(process.argv[2] ?? 100_000)));
  process.exit(0);
}
