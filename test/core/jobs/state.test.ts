import { describe, expect, it } from "vitest";
import { MantaError } from "../../../core/errors.ts";
import { assertAcceptsInput, assertNotFinished, emptyStats, jobJson, progress, type JobRecord } from "../../../core/jobs/state.ts";

const map = { type: "map" as const };
const reduce = { type: "reduce" as const };
const idle = { unfinished: 0, reducersCreated: false };

describe("job progress", () => {
  it("is not done while input is open, even with every task finished", () => {
    expect(progress([map], false, [idle]).done).toBe(false);
  });

  it("is done once input ended and the only map phase has nothing unfinished", () => {
    expect(progress([map], true, [idle])).toEqual({ complete: [true], createReducers: [], done: true });
  });

  it("asks for a reducer only after the upstream map phase completes", () => {
    expect(progress([map, reduce], true, [{ unfinished: 2, reducersCreated: false }, idle]).createReducers).toEqual([]);
    expect(progress([map, reduce], true, [idle, idle]).createReducers).toEqual([1]);
  });

  it("runs a first-phase reducer even with zero inputs once input ends", () => {
    expect(progress([reduce], true, [idle]).createReducers).toEqual([0]);
    expect(progress([reduce], true, [{ unfinished: 1, reducersCreated: true }]).done).toBe(false);
    expect(progress([reduce], true, [{ unfinished: 0, reducersCreated: true }]).done).toBe(true);
  });

  it("completes phases in order: a later map phase waits for its upstream", () => {
    const p = progress([map, map, reduce], true, [{ unfinished: 1, reducersCreated: false }, idle, idle]);
    expect(p.complete).toEqual([false, false, false]);
  });
});

describe("job state rules", () => {
  const base = { id: "J", state: "running" as const, cancelled: false, inputDone: false };
  const code = (fn: () => void) => {
    try {
      fn();
    } catch (e) {
      return [(e as MantaError).code, (e as MantaError).message];
    }
    return null;
  };

  it("accepts input while running with input open", () => {
    expect(code(() => assertAcceptsInput(base))).toBeNull();
  });

  it("names the state that refuses input: inputDone, done, cancelled", () => {
    expect(code(() => assertAcceptsInput({ ...base, inputDone: true }))).toEqual(["InvalidJobState", "job J is in state 'inputDone'"]);
    expect(code(() => assertAcceptsInput({ ...base, state: "done", inputDone: true }))).toEqual(["InvalidJobState", "job J is in state 'done'"]);
    expect(code(() => assertNotFinished({ ...base, state: "done", cancelled: true }))).toEqual(["InvalidJobState", "job J is in state 'cancelled'"]);
  });

  it("renders the job JSON with ISO times, all counters, and timeDone only when done", () => {
    const job: JobRecord = {
      id: "J", login: "a", name: "n", phases: [{ type: "map", exec: "wc" }], state: "running", cancelled: false, inputDone: false,
      transient: false, timeCreated: 0, timeDone: null, timeArchiveStarted: null, timeArchiveDone: null, stats: emptyStats(),
    };
    const json = jobJson(job);
    expect(json.timeCreated).toBe("1970-01-01T00:00:00.000Z");
    expect(json).not.toHaveProperty("timeDone");
    expect(Object.keys(json.stats as object)).toEqual(expect.arrayContaining(["errors", "outputs", "retries", "tasks", "tasksDone"]));
    expect(jobJson({ ...job, state: "done", timeDone: 1000 }).timeDone).toBe("1970-01-01T00:00:01.000Z");
  });
});
