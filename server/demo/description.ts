/**
 * The demo's free-text field: the borrower's own description of what the loan is for, as typed
 * into the application form. Its wording changes from day 5 (credit.ts DRIFT_START_DAY), as when
 * an application form is redesigned and borrowers write short, informal notes instead of full
 * sentences, so the text drifts while its purpose (a separate, categorical feature) tells little
 * about it. Workbook credit-text.md watches it through hashed embeddings and MMD.
 *
 * Each description is drawn from its own random stream (credit.ts passes it), so adding the
 * field left every other feature's values as they were. Descriptions mix a phrase, a detail and
 * figures, so most are distinct: tabularDrift reads the column as text and skips it, as
 * Evidently does for a free-text column, rather than testing thousands of one-row categories.
 */
import type { DemoRandom } from "./random.ts";

/** Phrases per loan purpose: `formal` before the wording changed, `informal` after. */
const PHRASES: Record<string, { formal: string[]; informal: string[] }> = {
  debt_consolidation: {
    formal: ["Consolidate {n} credit card balances into one payment", "Refinance existing debts at a lower rate"],
    informal: ["pay off {n} cards asap", "roll all my debt into 1 loan"],
  },
  credit_card: {
    formal: ["Pay down a credit card balance", "Clear outstanding card debt"],
    informal: ["kill my cc balance", "cards maxed out need relief"],
  },
  home_improvement: {
    formal: ["Renovate the kitchen and bathroom", "Replace the roof and windows of our home"],
    informal: ["fixing up the house lol", "new roof before winter"],
  },
  car: {
    formal: ["Purchase a used vehicle for commuting", "Finance a car for work travel"],
    informal: ["need wheels for work", "buying a car from a friend"],
  },
  small_business: {
    formal: ["Working capital for a small business", "Purchase equipment for my company"],
    informal: ["stock for my online shop", "startup costs for side hustle"],
  },
  medical: {
    formal: ["Cover medical bills not paid by insurance", "Dental treatment and follow-up care"],
    informal: ["hospital bills ugh", "surgery copay"],
  },
  other: {
    formal: ["Wedding and related expenses", "Moving costs for a new job"],
    informal: ["vacation + misc", "just need some cash"],
  },
};

/**
 * What follows the phrase: formal applicants state the amount, the monthly repayment and a plan;
 * informal ones the repayment and an urgency. The repayment (the amount over 20 to 50 months)
 * makes nearly every description distinct.
 */
const FRAMES = {
  formal: [
    "{phrase}; requesting {amount}, repaid at {monthly} a month over {months} months.",
    "{phrase}; requesting {amount}, repaid at {monthly} a month from my salary.",
    "{phrase}; requesting {amount}, repaid at {monthly} a month as agreed with my adviser.",
  ],
  informal: [
    "{phrase}, can do {monthly}/mo, need it by {day}",
    "{phrase} thx!! can pay {monthly}/mo",
    "{phrase} pls approve fast {monthly}/mo ok",
  ],
};
const DAYS = ["monday", "friday", "next week", "the 15th", "end of month"];

/** One description of a loan of `loanAmount` for `purpose`, in the formal wording or, when `drifted`, the informal one. */
export function loanDescription(rng: DemoRandom, purpose: string, loanAmount: number, drifted: boolean): string {
  const wording = drifted ? "informal" : "formal";
  const frame = pickOne(rng, FRAMES[wording]).replace("{phrase}", pickOne(rng, PHRASES[purpose][wording]));
  return frame.replace(/\{(\w+)\}/g, (_, field: string) => {
    switch (field) {
      case "n":
        return String(2 + Math.floor(rng.next() * 5));
      case "amount":
        return `$${loanAmount.toLocaleString("en-US")}`;
      case "monthly":
        return `$${Math.round(loanAmount / (20 + rng.next() * 30))}`;
      case "months":
        return String(12 * (1 + Math.floor(rng.next() * 5)));
      case "day":
        return pickOne(rng, DAYS);
      default:
        throw new Error(`loanDescription: unknown placeholder {${field}}`);
    }
  });
}

function pickOne<T>(rng: DemoRandom, items: readonly T[]): T {
  return items[Math.floor(rng.next() * items.length)];
}
