import nextVitals from "eslint-config-next/core-web-vitals";
import tseslint from "typescript-eslint";

/** LiveKit's client and the database: only the procedure pipeline imports their values. */
const PIPELINE_ONLY = {
  paths: [
    ...["@/lib/livekit/client"].map((name) => ({
      name,
      allowTypeImports: true,
      message:
        "Only the procedure pipeline (lib/procedures/pipeline) calls LiveKit: declare a procedure and use ctx.rs.",
    })),
    ...[
      "@/lib/db",
      "@/lib/db/index",
      "@/lib/db/open",
      "@/lib/db/audit-store",
      "@/lib/db/audit-record",
      "@/lib/db/sql",
      "@/lib/db/migrate",
    ].map((name) => ({
      name,
      allowTypeImports: true,
      message:
        "Only the procedure pipeline writes or reads the audit trail: use ctx.audit in a procedure.",
    })),
  ],
  patterns: [
    {
      group: [
        "./**/livekit/client",
        "../**/livekit/client",
        ...["db/open", "db/audit-store", "db/audit-record", "db/sql", "db/migrate"].flatMap((m) => [
          `../**/${m}`,
          `./**/${m}`,
        ]),
      ],
      allowTypeImports: true,
      message: "Only the procedure pipeline reaches LiveKit and the audit trail.",
    },
  ],
};

const config = [
  ...nextVitals,
  {
    ignores: [
      ".next/**",
      "node_modules/**",
      "test-results/**",
      "playwright-report/**",
      "next-env.d.ts",
    ],
  },
  {
    files: ["**/*.ts", "**/*.tsx"],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { "@typescript-eslint": tseslint.plugin },
    rules: {
      // Type-aware: the recommended rules that read types, on the whole tree.
      ...Object.assign({}, ...tseslint.configs.recommendedTypeChecked.map((c) => c.rules ?? {})),
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": "error",
      "@typescript-eslint/await-thenable": "error",
      // Procedures and mocks keep their async signatures whether or not they await.
      "@typescript-eslint/require-await": "off",
      "@typescript-eslint/no-unused-vars": [
        "error",
        {
          argsIgnorePattern: "^_",
          varsIgnorePattern: "^_",
          destructuredArrayIgnorePattern: "^_",
          ignoreRestSiblings: true,
        },
      ],
    },
  },
  {
    // Vitest's asymmetric matchers (expect.any, expect.stringContaining) are typed `any`.
    files: ["tests/**/*.ts"],
    rules: {
      "@typescript-eslint/no-unsafe-assignment": "off",
      "@typescript-eslint/no-unsafe-argument": "off",
    },
  },
  {
    // Only the procedure pipeline talks to LiveKit and writes the audit trail: every call has
    // passed session → project → role → input first. Authentication itself (sign-in, sign-out,
    // the session check) keeps its own records. Types are free to import.
    files: ["app/**/*.{ts,tsx}", "components/**/*.{ts,tsx}", "lib/**/*.{ts,tsx}", "proxy.ts"],
    ignores: [
      "lib/procedures/pipeline/**",
      "lib/livekit/**",
      "lib/db/**",
      "lib/auth/session.ts",
      "app/api/auth/**",
      // Sign-on through the OpenID provider: authentication too (its flows, sessions, records).
      "lib/auth/oidc/**",
      // History's database layer, LiveKit's webhooks (signed, no session) and the sweep (no caller).
      "lib/history/**",
      // Readiness: a SELECT 1 for the load balancer, no caller.
      "lib/ready.ts",
    ],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          ...PIPELINE_ONLY,
        },
      ],
    },
  },
  {
    // A "use server" module is a set of public HTTP endpoints: it exports only server actions
    // made from registry procedures (which check session, project, role and input).
    files: ["app/**/*.{ts,tsx}", "lib/**/*.{ts,tsx}", "components/**/*.{ts,tsx}"],
    rules: {
      "no-restricted-syntax": [
        "error",
        ...[
          "ExportNamedDeclaration > FunctionDeclaration",
          "ExportNamedDeclaration > ClassDeclaration",
          "ExportDefaultDeclaration",
          "ExportAllDeclaration",
          "ExportNamedDeclaration[source]",
          "ExportNamedDeclaration > VariableDeclaration > VariableDeclarator[init.type!='CallExpression']",
          "ExportNamedDeclaration > VariableDeclaration > VariableDeclarator > CallExpression.init:not([callee.name='serverAction'])",
          "ExportNamedDeclaration > VariableDeclaration > VariableDeclarator > CallExpression.init[arguments.0.type!='MemberExpression']",
          "ExportNamedDeclaration > VariableDeclaration > VariableDeclarator > CallExpression.init > MemberExpression.arguments:not([object.name='procedures'])",
        ].map((s) => ({
          selector: `Program:has(> ExpressionStatement[directive='use server']) ${s}`,
          message:
            'A "use server" file may export only serverAction(procedures.<name>): declare the procedure in lib/procedures.',
        })),
      ],
    },
  },
  {
    // Browser code never reaches the database (types are fine).
    files: ["components/**/*.{ts,tsx}"],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          // Flat config replaces a rule's options per file: repeat the pipeline's own.
          paths: [
            ...PIPELINE_ONLY.paths,
            {
              name: "sonner",
              message:
                "Use @/components/ui/toast: sonner loads after hydration, not in every page's first load.",
            },
          ],
          patterns: [
            ...PIPELINE_ONLY.patterns,
            {
              group: [
                "@/lib/db",
                "@/lib/db/*",
                "@/lib/auth/*-store",
                "@/lib/auth/throttle",
                "!@/lib/db/audit-csv",
              ],
              allowTypeImports: true,
              message: "Components run in the browser: read audit data through a guarded route.",
            },
          ],
        },
      ],
    },
  },
];

export default config;
