/**
 * Prints the scrypt hash of a password for the operators file or ADMIN_PASSWORD_HASH.
 *   npm run hash-password            (asks, without echo)
 *   printf '%s' "$PW" | npm run hash-password   (from standard input)
 */
import { hashPassword } from "@/lib/auth/password";

async function readPassword(): Promise<string> {
  const stdin = process.stdin;
  if (!stdin.isTTY) {
    const chunks: Buffer[] = [];
    for await (const c of stdin) chunks.push(c as Buffer);
    return Buffer.concat(chunks)
      .toString("utf8")
      .replace(/\r?\n$/, "");
  }
  process.stderr.write("Password: ");
  stdin.setRawMode(true);
  let pw = "";
  for await (const chunk of stdin) {
    for (const ch of (chunk as Buffer).toString("utf8")) {
      if (ch === "\r" || ch === "\n") {
        stdin.setRawMode(false);
        process.stderr.write("\n");
        return pw;
      }
      if (ch === "\u0003") process.exit(130);
      pw = ch === "\u007f" ? pw.slice(0, -1) : pw + ch;
    }
  }
  return pw;
}

async function main() {
  const password = await readPassword();
  if (password.length < 8) {
    console.error("hash-password: use at least 8 characters.");
    process.exit(1);
  }
  console.log(await hashPassword(password));
  process.exit(0);
}

void main();
