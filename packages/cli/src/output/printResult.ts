/** Prints a command's result on stdout: the object as JSON with `--json`, the human text otherwise. */
export function printResult(json: boolean | undefined, result: unknown, text: string): void {
  console.log(json ? JSON.stringify(result, null, 2) : text);
}
