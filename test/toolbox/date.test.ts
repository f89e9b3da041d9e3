// Differential tests of date against GNU date with TZ=UTC: every conversion and flag on fixed
// times given with -d (ISO 8601 forms, @EPOCH, relative items), the -I/-R/--rfc-3339 formats,
// invalid dates, and "now" within a second of GNU's.
import { utimesSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { both, sandboxForFile, view } from "./harness.ts";

const sb = sandboxForFile();
const env = { TZ: "UTC" };
const ALL = "+%a|%A|%b|%B|%c|%C|%d|%D|%e|%F|%g|%G|%h|%H|%I|%j|%k|%l|%m|%M|%n|%N|%p|%P|%q|%r|%R|%s|%S|%t|%T|%u|%U|%V|%w|%W|%x|%X|%y|%Y|%z|%:z|%::z|%:::z|%Z|%%";
const FLAGS = "+%-H|%_H|%0e|%-e|%^a|%#a|%#p|%#Z|%10Y|%-10d|%_5m|%05e|%^B|%_3d|%3d|%-j|%_j|%4H|%J|%:x|%";
const D = "2024-03-05T07:08:09";

const CASES: string[][] = [
  ["-d", D], ["-u", "-d", D], ["-d", "@0"], ["-d", "@1700000000.5", "+%s.%N"], ["-d", "@-1"], ["-d", "@86399", ALL], ["-d", "@1709622489", ALL],
  ["-d", "@3600", FLAGS], ["-d", "2024-12-30T13:14:15", FLAGS], ["-d", "2024-12-30", ALL], ["-d", "2021-01-03", "+%G-W%V-%u %U %W"],
  ["-d", D, "-I"], ["-d", D, "-Ih"], ["-d", D, "-Im"], ["-d", D, "-Iseconds"], ["-d", D, "-Ins"], ["-d", D, "-R"],
  ["-d", D, "--rfc-3339=seconds"], ["-d", D, "--rfc-3339=ns"], ["-d", D, "--rfc-3339=date"], ["-d", D, "--iso-8601=minutes"],
  ["-d", "2024-03-05"], ["-d", "2024-03-05T07:08:09Z"], ["-d", "2024-03-05T07:08:09+02:00"], ["-d", "2024-03-05T23:00:00-0130"],
  ["-d", "2024-03-05 07:08"], ["-d", "2024-03-05 07:08:09 UTC"], ["-d", "2024-03-05T07:08:09.123", "+%T.%3N"], ["-d", "2024-03-05T07:08:09,5", "+%N"],
  ["-d", "2024-02-29 2 days ago"], ["-d", "@0 +1 week"], ["-d", "2024-03-05 +3 hours"], ["-d", "2024-03-05 90 minutes ago"], ["-d", "@100 10 seconds ago"],
  ["-d", "2024-03-05T10:00 1 week"], ["-d", "2024-03-05 07:08 +2 days"], ["-d", "2024-03-05 1 fortnight ago 3 sec"], ["-d", "2024-03-05T23:00:00-01:30"],
  ["-d", "2024-13-05"], ["-d", "garbage"], ["-d", "1999-12-31T23:59:60"], ["-d", "2024-03-05T24:00"], ["-d", D, "+%s", "2"], ["-d", D, "-R", "-I"],
  ["-d", D, "--rfc-3339=hours"], ["+%Y", "+%m"], ["-d", "1970-01-01", "+%s"], ["-d", "2038-01-19T03:14:08", "+%s"], ["-d", "1900-01-01", "+%s %A"],
];

describe("date matches GNU with TZ=UTC", () => {
  it.each(CASES.map((a) => [a]))("date %j", (args) => {
    const { ours, gnu } = both(sb, "date", args, { env });
    expect(view(ours)).toEqual(view(gnu));
  });

  it("prints now (to the second) like GNU, and -r reads a file's mtime", () => {
    const fmt = "+%Y-%m-%d %H:%M:%S";
    for (let i = 0; i < 3; i++) {
      const { ours, gnu } = both(sb, "date", [fmt], { env });
      if (view(ours).stdout === view(gnu).stdout) return;
    }
    throw new Error("date now differs from GNU in three tries");
  });

  it("-r FILE", () => {
    sb.write("stamp", "x");
    utimesSync(join(sb.dir, "stamp"), 1600000000, 1600000123.25);
    const { ours, gnu } = both(sb, "date", ["-r", "stamp", "+%s %N %F %T"], { env });
    expect(view(ours)).toEqual(view(gnu));
  });

  it("answers --help", () => expect(sb.wasm("date", ["--help"]).stdout.toString()).toMatch(/^Usage: date/));
});
