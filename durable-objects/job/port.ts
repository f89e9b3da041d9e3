/** How a ShardDO reaches the JobDO of a task: through the JobPort contract, not the class. */
import type { JobPort } from "../../core/jobs/protocol.ts";

export function jobPort(env: Env, jobId: string): JobPort {
  return env.JOB.getByName(jobId) as unknown as JobPort;
}
