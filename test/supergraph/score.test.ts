/**
 * The credit score with reasons (issue 14, item 1; README, "The credit score"): each input moves
 * the score by the points the README's table gives, with its reason; a fact that is not shown
 * today, or that the asker's view closes, moves nothing and is never named.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestHub, type TestHub } from "../support/hub.ts";
import { TODAY } from "../support/today.ts";

const REGULATOR = "regulator-jiangsu-credit";
const BANK = "bank-jinling";
const PLATFORM = "platform-yunji";
const 李梅 = "320102198509231629"; // a dishonest judgment debtor
const 张伟 = "320502198203174715"; // an unpaid default of 38,888.88 yuan; the bank holds his consent
const 王建国 = "320106197805123519"; // a red-list honour; the test adds a GENERAL misconduct, a recently settled default and an older one
const 吴刚 = "320106197004051113"; // legal representative of a courier company on the black list (2 measures)
const 周强 = "320982198610092710"; // an administrative penalty, under objection (still shown)
const 赵磊 = "320115197511303019"; // a tax listing whose display period ended in 2022
const 孙丽 = "320104198802145423"; // a repaired administrative penalty
const 陈静 = "320203199507082021"; // a clean file

const SCORE = /* GraphQL */ `
  query Score($c: ID!) {
    person(creditCode: $c) {
      creditScore
      creditBand
      creditScoreReasons {
        code
        factClass
        points
        count
      }
    }
  }
`;

let t: TestHub;
beforeAll(async () => {
  t = await startTestHub();
}, 60_000);
afterAll(() => t?.stop());

async function score(asker: string, code: string) {
  const res = await t.query(asker, SCORE, { c: code });
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  return res.data.person as {
    creditScore: number;
    creditBand: string;
    creditScoreReasons: {
      code: string;
      factClass: string;
      points: number;
      count: number;
    }[];
  };
}

/** Lists a clean subject (陈静) on a list, from a copy of a showcase entry, in force from today. */
async function list(
  ref: string,
  list: string,
  fields: Record<string, unknown>,
) {
  const model = (await t.store
    .collection("sanctionEntries")
    .findOne({ _id: "盐交罚〔2026〕555号" }))!;
  await t.store
    .collection("sanctionEntries")
    .insertOne({
      ...model,
      _id: ref,
      ref,
      list,
      subject: 陈静,
      subjectName: "陈静",
      decidedAt: TODAY,
      listedAt: TODAY,
      displayUntil: "2027-12-01",
      severity: "GENERAL",
      status: "ACTIVE",
      measures: [],
      ...fields,
    } as never);
}

describe("the credit score", () => {
  it("takes 260 points for a court listing in force, and says so", async () => {
    expect(await score(REGULATOR, 李梅)).toEqual({
      creditScore: 520,
      creditBand: "E",
      creditScoreReasons: [
        {
          code: "COURT_LISTING",
          factClass: "COURT_LIST",
          points: -260,
          count: 1,
        },
      ],
    });
    // the subject reads the same score and the same reason
    expect(await score(李梅, 李梅)).toEqual(await score(REGULATOR, 李梅));
  });

  it("takes 100 points for an unpaid default, and 10 more per started 10,000 yuan overdue", async () => {
    expect(await score(BANK, 张伟)).toEqual({
      creditScore: 640,
      creditBand: "D",
      creditScoreReasons: [
        {
          code: "OPEN_DEFAULT",
          factClass: "FINANCIAL_DEFAULT",
          points: -140,
          count: 1,
        },
      ],
    });
  });

  it("takes 15 points per measure reaching a person through an organisation they represent", async () => {
    expect(await score(REGULATOR, 吴刚)).toEqual({
      creditScore: 750,
      creditBand: "A",
      creditScoreReasons: [
        {
          code: "MEASURES_VIA_ORGANISATION",
          factClass: "LISTING",
          points: -30,
          count: 2,
        },
      ],
    });
  });

  it("gives 20 points for an honour; counts misconduct and settled defaults (60 within two years of settlement, 30 after), the most points first", async () => {
    expect(await score(REGULATOR, 王建国)).toEqual({
      creditScore: 800,
      creditBand: "A",
      creditScoreReasons: [
        {
          code: "RED_LIST_HONOUR",
          factClass: "RED_LIST",
          points: 20,
          count: 1,
        },
      ],
    });
    const wang = (await t.store
      .collection("persons")
      .findOne({ _id: 王建国 }))!;
    const misconduct = [
      {
        ref: "宁教罚〔2026〕21号",
        what: "违规有偿补课",
        measure: "警告",
        authority: "南京市教育局",
        decidedAt: "2026-06-01",
        displayUntil: "2027-06-01",
        severity: "GENERAL" as const,
        status: "ACTIVE" as const,
      },
    ];
    await t.store
      .collection("persons")
      .updateOne(
        { _id: 王建国 },
        { $set: { occupations: [{ ...wang.occupations[0]!, misconduct }] } },
      );
    const settled = (ref: string, overdueSince: string, settledAt: string) => ({
      _id: ref,
      ref,
      subject: 王建国,
      lender: "金陵示范银行",
      product: "信用卡",
      overdueAmount: 5000,
      overdueSince,
      repayment: "SETTLED" as const,
      settledAt,
      authority: "金陵示范银行",
      decidedAt: overdueSince,
      severity: "SERIOUS" as const,
      status: "ACTIVE" as const,
      displayUntil: `${Number(settledAt.slice(0, 4)) + 5}${settledAt.slice(4)}`,
    });
    await t.store
      .collection("financialDefaults")
      .insertMany([
        settled("JL-CARD-2023-0202", "2023-08-01", "2024-03-01"),
        settled("JL-CARD-2025-0303", "2025-05-01", "2025-09-01"),
      ]);
    expect(await score(REGULATOR, 王建国)).toEqual({
      // 780 − 40 − 60 − 30 + 20
      creditScore: 670,
      creditBand: "C",
      creditScoreReasons: [
        {
          code: "SETTLED_DEFAULT",
          factClass: "FINANCIAL_DEFAULT",
          points: -90,
          count: 2,
        },
        {
          code: "PROFESSIONAL_MISCONDUCT",
          factClass: "OCCUPATION",
          points: -40,
          count: 1,
        },
        {
          code: "RED_LIST_HONOUR",
          factClass: "RED_LIST",
          points: 20,
          count: 1,
        },
      ],
    });
  });

  it("leaves out, and never names, what the asker's view closes: a lender may not read misconduct", async () => {
    // (after the facts the test before added) 780 − 90 + 20, without the misconduct's 40
    expect(await score(BANK, 王建国)).toEqual({
      creditScore: 710,
      creditBand: "B",
      creditScoreReasons: [
        {
          code: "SETTLED_DEFAULT",
          factClass: "FINANCIAL_DEFAULT",
          points: -90,
          count: 2,
        },
        {
          code: "RED_LIST_HONOUR",
          factClass: "RED_LIST",
          points: 20,
          count: 1,
        },
      ],
    });
    // a platform may read the band only (here of 刘洋, who consented to it), and none of the defaults or misconduct behind it
    const platform = await t.query(PLATFORM, SCORE, { c: '320583199001011531' });
    expect(platform.data.person.creditBand).toBe("A");
    expect(platform.data.person.creditScore).toBeNull();
    expect(platform.data.person.creditScoreReasons).toBeNull();
  });

  it("counts a penalty still shown under objection, and nothing for an expired listing or a repaired penalty", async () => {
    expect(await score(REGULATOR, 周强)).toEqual({
      creditScore: 740,
      creditBand: "B",
      creditScoreReasons: [
        { code: "PENALTY", factClass: "ADMIN_PENALTY", points: -40, count: 1 },
      ],
    });
    for (const code of [赵磊, 孙丽, 陈静])
      expect(await score(REGULATOR, code), code).toEqual({
        creditScore: 780,
        creditBand: "A",
        creditScoreReasons: [],
      });
  });

  it("takes 150 points for a tax listing in force, 80 per serious penalty and 40 per other, penalties at most 160 together", async () => {
    await list("苏税稽罚〔2026〕901号", "MAJOR_TAX_VIOLATION", {
      measures: ["FINANCING"],
    });
    expect(await score(REGULATOR, 陈静)).toEqual({
      creditScore: 630,
      creditBand: "D",
      creditScoreReasons: [
        {
          code: "TAX_LISTING",
          factClass: "TAX_VIOLATION",
          points: -150,
          count: 1,
        },
      ],
    });
    await list("宁市监罚〔2026〕902号", "ADMINISTRATIVE_PENALTY", {
      severity: "SERIOUS",
    });
    await list("宁市监罚〔2026〕903号", "ADMINISTRATIVE_PENALTY", {});
    expect((await score(REGULATOR, 陈静)).creditScoreReasons).toEqual([
      {
        code: "TAX_LISTING",
        factClass: "TAX_VIOLATION",
        points: -150,
        count: 1,
      },
      {
        code: "SERIOUS_PENALTY",
        factClass: "ADMIN_PENALTY",
        points: -80,
        count: 1,
      },
      { code: "PENALTY", factClass: "ADMIN_PENALTY", points: -40, count: 1 },
    ]);
    await list("宁市监罚〔2026〕904号", "ADMINISTRATIVE_PENALTY", {});
    await list("宁市监罚〔2026〕905号", "ADMINISTRATIVE_PENALTY", {});
    const capped = await score(REGULATOR, 陈静);
    // 80 + 3 × 40 = 200, capped at 160: the serious one keeps its 80, the others share 80
    expect(capped.creditScore).toBe(780 - 150 - 160);
    expect(capped.creditScoreReasons).toEqual([
      {
        code: "TAX_LISTING",
        factClass: "TAX_VIOLATION",
        points: -150,
        count: 1,
      },
      {
        code: "SERIOUS_PENALTY",
        factClass: "ADMIN_PENALTY",
        points: -80,
        count: 1,
      },
      { code: "PENALTY", factClass: "ADMIN_PENALTY", points: -80, count: 3 },
    ]);
  });

  it("gives the same file the same score every time, and keeps its factors out of the API", async () => {
    expect(await score(REGULATOR, 王建国)).toEqual(
      await score(REGULATOR, 王建国),
    );
    const res = await t.query(
      REGULATOR,
      /* GraphQL */ `{ person(creditCode: "${李梅}") { scoreFactors { courtListed } } }`,
    );
    expect(res.errors![0]!.extensions!.code).toBe("GRAPHQL_VALIDATION_FAILED");
  });

  it("is recorded in the file as a score read", async () => {
    const res = await t.query(BANK, SCORE, { c: 张伟 });
    const own = await t.query(
      张伟,
      /* GraphQL */ `{ person(creditCode: "${张伟}") { queryRecords(limit: 500) { requestId classes } } }`,
    );
    expect(
      own.data.person.queryRecords.filter(
        (r: any) => r.requestId === res.extensions!.requestId,
      ),
    ).toEqual([
      { requestId: res.extensions!.requestId, classes: ["CREDIT_SCORE"] },
    ]);
  });
});
