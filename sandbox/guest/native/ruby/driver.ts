// The Ruby text the runtime evaluates to run one `ruby` command: it sets the switches' state,
// evaluates the user's program at top level under its own file name (so messages say `-e:3`),
// runs at_exit/END blocks, prints an uncaught exception as CRuby does, flushes, and ends with
// Process.exit!(status) (our proc_exit), since an evaluated string never reaches CRuby's own
// exit path. User text enters as hex, never spliced into Ruby source.
import type { RubyCommand } from "./options.ts";
import { reshape } from "./source.ts";

const encoder = new TextEncoder();

function lit(text: string): string {
  const hex = [...encoder.encode(text)].map((b) => b.toString(16).padStart(2, "0")).join("");
  return `["${hex}"].pack("H*").force_encoding("UTF-8")`;
}

/** -n/-p: CRuby's loop (`next` skips -p's print, as in CRuby). */
function wrapLoop(cmd: RubyCommand, body: string): string {
  if (!cmd.loop) return body;
  const lines = ["while gets"];
  if (cmd.chomp) lines.push("$_.chomp!");
  if (cmd.split) lines.push("$F = $_.split");
  lines.push(body, ...(cmd.loop === "p" ? ["print $_"] : []), "end");
  return lines.join("\n");
}

export function rubyDriver(cmd: RubyCommand, program: string, file: string, cwd: string): string {
  const { begins, body } = reshape(program, cmd.loop !== null);
  const main = [...begins, wrapLoop(cmd, body)].join("\n");
  const setup = [
    `$0 = ${lit(file)}`,
    `Dir.chdir(${lit(cwd)})`,
    ...(cmd.chdir !== null ? [`Dir.chdir(${lit(cmd.chdir)})`] : []), // -C is relative to the shell's cd
    ...cmd.includes.map((d) => `$LOAD_PATH.unshift(${lit(d)})`),
    ...(cmd.verbose === null ? ["$VERBOSE = nil"] : cmd.verbose ? ["$VERBOSE = true"] : []),
    ...(cmd.fieldSeparator !== null ? [`$; = Regexp.new(${lit(cmd.fieldSeparator)})`] : []),
    ...(cmd.chomp ? ["$\\ = $/"] : []),
    ...cmd.requires.map((r) => `require ${lit(r)}`),
  ];
  const run = cmd.checkOnly
    ? `RubyVM::InstructionSequence.compile(${lit(main)}, ${lit(file)}); puts "Syntax OK"`
    : `TOPLEVEL_BINDING.eval(${lit(main)}, ${lit(file)}, 1)`;
  return `
$__mobula_exits = []
$__mobula_ends = {}
module Kernel
  private def at_exit(&b) = ($__mobula_exits << b; b)
  private def __mobula_END(n, &b) = ($__mobula_ends[n] ||= ($__mobula_exits << b; true))
end
$__mobula_status = 0
begin
  begin
    ${setup.join("\n    ")}
    ${run}
  ensure
    $__mobula_exits.pop.call until $__mobula_exits.empty?
  end
rescue SystemExit => e
  $__mobula_status = e.status
rescue Exception => e
  if e.is_a?(SyntaxError)
    first, *rest = e.message.lines
    $stderr.print "#{$0}: #{first.chomp} (SyntaxError)\\n#{rest.join}"
  else
    user = e.backtrace.to_a.take_while { |l| !l.start_with?("eval:") && !l.include?("Binding#eval") }
    unless user.any? { |l| l.start_with?("#{$0}:") } # raised by the switches' setup (-r, -C), not by the program
      $stderr.print "ruby: #{e.message} (#{e.class})\\n"
    else
      e.set_backtrace(user)
      $stderr.print e.full_message(highlight: false)
    end
  end
  $__mobula_status = 1
end
($stdout.flush; $stderr.flush) rescue nil
Process.exit!($__mobula_status)
`;
}
