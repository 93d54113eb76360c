// The direction of the code, checked by `npm run lint` (dependency-cruiser):
//   routes → services → repositories → Prisma (generated/, @prisma/*); the solver imports nothing
//   from the server, and its pure core nothing from its runtime.
// `generated/prisma/enums` (the schema's enum values as plain strings) is shared vocabulary and may
// be imported anywhere in server/; the client and its types only where the database is touched.

// Files allowed to break a rule. Empty since every area moved over (issue 17); a list may only
// shrink, so a new exception is not added here: the import is fixed instead.
const ALLOWED = {
  prismaOutsideRepositories: [],
  servicesToHttp: [],
  schemasToServices: [],
};

const PRISMA = '^(generated/prisma/(?!enums\\.ts$)|node_modules/@prisma/)';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'routes-not-to-repositories',
      comment: 'A route handler calls a service; only services reach repositories.',
      severity: 'error',
      from: { path: '\\.routes\\.ts$' },
      to: { path: '\\.repository\\.ts$' },
    },
    {
      name: 'routes-not-to-prisma-client',
      comment: 'A route handler never touches the database client or its types.',
      severity: 'error',
      from: { path: '\\.routes\\.ts$', pathNot: ALLOWED.prismaOutsideRepositories },
      to: { path: PRISMA },
    },
    {
      name: 'prisma-only-in-repositories',
      comment:
        'Prisma (the generated client and @prisma/*) is imported only by *.repository.ts, server/db, prisma/ (schema tooling and seed), server/cli, tests and bench.',
      severity: 'error',
      from: {
        path: '^(server|solver)/',
        pathNot: [
          '\\.repository\\.ts$',
          '^server/db/',
          '^server/cli/',
          '^prisma/',
          ...ALLOWED.prismaOutsideRepositories,
        ],
      },
      to: { path: PRISMA },
    },
    {
      name: 'services-not-to-http',
      comment:
        'Services do not know about HTTP: from server/http they may use only the error classes, the signed-in user type and the pure formatting helpers.',
      severity: 'error',
      from: { path: '\\.service\\.ts$', pathNot: ALLOWED.servicesToHttp },
      to: {
        path: '^server/http/',
        pathNot: '^server/http/(errors|request-context|view-helpers)\\.ts$',
      },
    },
    {
      name: 'repositories-not-to-services',
      comment: 'Repositories are the bottom layer: they import the client and plain types, never a service.',
      severity: 'error',
      from: { path: '\\.repository\\.ts$' },
      to: { path: '\\.service\\.ts$' },
    },
    {
      name: 'schemas-not-to-services',
      comment: 'Schemas only describe input; they never call into a service.',
      severity: 'error',
      from: { path: '\\.schemas\\.ts$', pathNot: ALLOWED.schemasToServices },
      to: { path: '\\.service\\.ts$' },
    },
    {
      name: 'solver-not-to-server',
      comment: 'The solver is a pure library: plain data in, plain data out.',
      severity: 'error',
      from: { path: '^solver/' },
      to: { path: '^(server|prisma|generated)/' },
    },
    {
      name: 'solver-core-not-to-runtime',
      comment:
        'solver/core (types, model, verify, score, explain) is pure; threads, clocks and engines live in solver/runtime.',
      severity: 'error',
      from: { path: '^solver/core/' },
      to: { path: '^solver/runtime/' },
    },
    {
      name: 'no-circular',
      comment:
        'Modules do not import each other in a circle at run time (a type-only import back, such as a route naming AppDeps, is no cycle).',
      severity: 'error',
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
  ],
  options: {
    // Type-only imports count: a type from the wrong layer is a dependency too.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    doNotFollow: { path: ['node_modules', '^generated/'] },
    exclude: { path: ['^node_modules', '^data/', '^dist/'] },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.mjs', '.cjs', '.json', '.d.ts'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
