/** `sapa reset-password EMAIL`: for a lost password (the owner's too) when nobody can log in to reset it. */
import { AppError } from '../app/errors.js';
import { resetPasswordFromCommandLine } from '../app/members.js';
import type { Runtime } from './runtime.js';

/** Sets a generated password, prints it once, ends the member's sessions; returns the exit code. */
export async function resetPassword(rt: Pick<Runtime, 'deps'>, email: string | undefined): Promise<number> {
  if (!email || !email.includes('@')) {
    console.error('Usage: sapa reset-password EMAIL');
    return 2;
  }
  const password = rt.deps.random.token(12);
  try {
    const user = await resetPasswordFromCommandLine(rt.deps, email.trim(), password);
    console.log(`New password for ${user.email} (${user.role}): ${password}`);
    console.log('It is shown once. Log in with it and change it under Pengaturan → Kata sandi; other sessions of this account have ended.');
    return 0;
  } catch (err) {
    if (err instanceof AppError && err.code === 'not_found') {
      console.error(`No account with email ${email}. Members are listed under Pengaturan → Anggota tim.`);
      return 1;
    }
    throw err;
  }
}
