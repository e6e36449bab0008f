/**
 * @module auth
 * next-auth (Auth.js v5): email + password through the Credentials provider,
 * optional GitHub and Google OAuth when their env variables are set. Sessions
 * are JWTs carrying our user id; every request re-reads the user from the
 * database (see protectedProcedure), so a deleted account is locked out at once.
 */
import NextAuth, { type NextAuthConfig } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import GitHub from "next-auth/providers/github";
import Google from "next-auth/providers/google";
import { z } from "zod";
import { getEnv } from "~/env";
import { getDb } from "../services.ts";
import { authenticateUser } from "../users/authenticate-user.ts";
import { resolveOAuthUser } from "../users/resolve-oauth-user.ts";

const credentialsSchema = z.object({
  email: z.email().max(254),
  password: z.string().min(1).max(200),
});

function buildConfig(): NextAuthConfig {
  const env = getEnv();
  const providers: NextAuthConfig["providers"] = [
    Credentials({
      credentials: { email: { label: "Email" }, password: { label: "Password", type: "password" } },
      async authorize(raw) {
        const parsed = credentialsSchema.safeParse(raw);
        if (!parsed.success) return null;
        return authenticateUser(getDb(), parsed.data);
      },
    }),
  ];
  if (env.AUTH_GITHUB_ID && env.AUTH_GITHUB_SECRET) {
    providers.push(GitHub({ clientId: env.AUTH_GITHUB_ID, clientSecret: env.AUTH_GITHUB_SECRET }));
  }
  if (env.AUTH_GOOGLE_ID && env.AUTH_GOOGLE_SECRET) {
    providers.push(Google({ clientId: env.AUTH_GOOGLE_ID, clientSecret: env.AUTH_GOOGLE_SECRET }));
  }
  return {
    secret: env.AUTH_SECRET,
    trustHost: true,
    session: { strategy: "jwt", maxAge: 30 * 24 * 3600 },
    pages: { signIn: "/sign-in" },
    providers,
    callbacks: {
      async jwt({ token, user, account, profile }) {
        if (account && account.provider !== "credentials") {
          const email = (profile?.email ?? user?.email ?? "").toLowerCase();
          if (!email) return null;
          const resolved = await resolveOAuthUser(getDb(), {
            provider: account.provider,
            providerAccountId: account.providerAccountId,
            email,
            name: profile?.name ?? user?.name ?? email,
            isEmailVerified: profile?.email_verified !== false,
          });
          if (!resolved) return null;
          token.uid = resolved.id;
        } else if (user?.id) {
          token.uid = user.id;
        }
        return token;
      },
      session({ session, token }) {
        if (typeof token.uid === "string") session.user.id = token.uid;
        return session;
      },
    },
  };
}

export const { handlers, auth, signIn, signOut } = NextAuth(() => buildConfig());

export function listOAuthProviders(): { id: string; name: string }[] {
  const env = getEnv();
  const list: { id: string; name: string }[] = [];
  if (env.AUTH_GITHUB_ID && env.AUTH_GITHUB_SECRET) list.push({ id: "github", name: "GitHub" });
  if (env.AUTH_GOOGLE_ID && env.AUTH_GOOGLE_SECRET) list.push({ id: "google", name: "Google" });
  return list;
}
