/**
 * @module password
 * bcrypt (bcryptjs: pure JavaScript, so nothing native to build or download).
 */
import bcrypt from "bcryptjs";

const COST = 12;

export const PASSWORD_MIN_LENGTH = 8;

export async function hashPassword(password: string, cost = COST): Promise<string> {
  return bcrypt.hash(password, cost);
}

export async function verifyPassword(password: string, hash: string): Promise<boolean> {
  return bcrypt.compare(password, hash);
}
