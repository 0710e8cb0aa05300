/**
 * Whether the demo stays up after its summary, trading on a walk until Ctrl-C: only when a person
 * is watching (stdout is a terminal) and did not ask to end (`--exit`). CI, scripts and pipes have
 * no terminal, so they end as soon as the summary is out.
 */
export function shouldStayUp(options: {
  stdoutIsTTY: boolean | undefined;
  argv: readonly string[];
}): boolean {
  return options.stdoutIsTTY === true && !options.argv.includes('--exit');
}
