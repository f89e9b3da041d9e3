/** Scale part of the bench: one job with many inputs, and many jobs at once; both must complete. */
import type { Signer } from "./lib/account.ts";
import { pool, request } from "./lib/measure.ts";
import type { Running } from "./lib/processes.ts";
import { runJob } from "./jobs.ts";
import type { Row } from "./storage.ts";

export async function benchScale(mobula: Running, user: Signer, opts: { inputs: number; jobs: number; perJob: number }): Promise<{ rows: Row[]; notes: string[] }> {
  const url = mobula.url;
  const dir = `/${user.login}/stor/scale`;
  await request(`${url}${dir}`, "PUT", { ...user.headers(), "content-type": "application/json; type=directory" });
  process.stderr.write(`bench: scale: seeding ${opts.inputs} objects\n`);
  await pool(opts.inputs, 16, async (i) => {
    const r = await request(`${url}${dir}/o${i}`, "PUT", { ...user.headers(), "content-length": String(String(i).length + 1), "durability-level": "1" }, Buffer.from(`${i}\n`));
    if (r.status !== 204) throw new Error(`seed ${r.status}`);
  });
  const names = Array.from({ length: opts.inputs }, (_, i) => `${dir}/o${i}`);
  process.stderr.write(`bench: scale: one job over ${opts.inputs} inputs\n`);
  const big = await runJob(url, user, "wc -c", names);
  process.stderr.write(`bench: scale: ${opts.jobs} concurrent jobs × ${opts.perJob} inputs\n`);
  const t0 = performance.now();
  const many = await Promise.all(Array.from({ length: opts.jobs }, (_, j) => runJob(url, user, "wc -l", names.slice(j * opts.perJob, (j + 1) * opts.perJob))));
  const manySecs = (performance.now() - t0) / 1000;
  const manyErrors = many.reduce((n, m) => n + (m.status.stats.errors ?? 0), 0);
  const manyDone = many.reduce((n, m) => n + (m.status.stats.tasksDone ?? 0), 0);
  return {
    rows: [
      { metric: `one job, ${opts.inputs} inputs (wc -c), completed`, mobula: opts.inputs / big.secs, bare: NaN, unit: "tasks/s", ratio: NaN, target: "completes" },
      { metric: `${opts.jobs} concurrent jobs × ${opts.perJob} inputs, completed`, mobula: (opts.jobs * opts.perJob) / manySecs, bare: NaN, unit: "tasks/s", ratio: NaN, target: "completes" },
    ],
    notes: [
      `${opts.inputs}-input job: ${big.status.stats.tasksDone} tasks done, ${big.status.stats.errors} errors, ${big.secs.toFixed(0)} s`,
      `${opts.jobs} concurrent jobs: ${manyDone} tasks done, ${manyErrors} errors, ${manySecs.toFixed(0)} s`,
    ],
  };
}
