import nextVitals from "eslint-config-next/core-web-vitals";
import tseslint from "typescript-eslint";

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
    // Only the action pipeline talks to LiveKit: every call passes session → role → input.
    files: ["app/**/*.{ts,tsx}", "components/**/*.{ts,tsx}", "lib/**/*.{ts,tsx}", "proxy.ts"],
    ignores: ["lib/actions/**"],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["@/lib/livekit/client", "**/livekit/client"],
              allowTypeImports: true,
              message:
                "Only the action pipeline (lib/actions) may call LiveKit: go through defineAction or runGuarded.",
            },
          ],
        },
      ],
    },
  },
  {
    // A "use server" module is a set of public HTTP endpoints: it exports only actions made by
    // defineAction (which checks session, project, role and input), nothing hand-written.
    files: ["app/**/*.{ts,tsx}", "lib/**/*.{ts,tsx}"],
    rules: {
      "no-restricted-syntax": [
        "error",
        ...[
          "ExportNamedDeclaration > FunctionDeclaration",
          "ExportDefaultDeclaration",
          "ExportNamedDeclaration > VariableDeclaration > VariableDeclarator[init.type!='CallExpression']",
          "ExportNamedDeclaration > VariableDeclaration > VariableDeclarator > CallExpression.init:not([callee.name='defineAction'])",
        ].map((s) => ({
          selector: `Program:has(> ExpressionStatement[directive='use server']) ${s}`,
          message: 'A "use server" file may export only actions made with defineAction.',
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
          patterns: [
            {
              group: ["@/lib/audit", "@/lib/audit/*", "@/lib/auth/*-store", "@/lib/auth/throttle"],
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
