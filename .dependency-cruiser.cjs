// Module layering, checked by `npm run check` (dependency-cruiser). Each folder of src/ may import
// only the folders it lists (and itself); the composition root (src/*.ts) may import anything.
// Dependencies point one way: features → infrastructure → foundation; chat is imported by no lower
// module; feature modules built on chat (reactions) sit above it. No cycles anywhere.
const ALLOWED = {
  common: ['config'],
  config: ['common'],
  // The per-app metrics registry (API.md §7): lower modules record into it, so it sees only these.
  metrics: ['common', 'config'],
  database: ['common', 'config'],
  lifecycle: ['common', 'config'],
  health: ['common', 'config'],
  mail: ['common', 'config'],
  redis: ['common', 'config', 'health'],
  flood: ['common', 'config', 'redis'],
  fanout: ['common', 'config', 'database', 'health', 'metrics', 'redis'],
  presence: ['common', 'config', 'database', 'health', 'redis'],
  users: ['common', 'config', 'database', 'presence'],
  auth: ['common', 'config', 'database', 'metrics', 'redis', 'users'],
  session: ['common', 'config', 'database', 'mail', 'redis', 'auth', 'users'],
  realtime: ['common', 'config', 'lifecycle', 'fanout', 'flood', 'metrics', 'auth'],
  chat: ['common', 'config', 'database', 'lifecycle', 'fanout', 'flood', 'metrics', 'realtime', 'users', 'auth'],
  reactions: ['common', 'config', 'database', 'fanout', 'realtime', 'chat'],
  // The web client's static files (web/ built into WEB_APP_DIR).
  'web-app': ['common', 'config'],
  // Assembles the API documents from every module's contracts: a composition root of its own.
  docs: ['common', 'config', 'auth', 'flood', 'users', 'session', 'health', 'realtime', 'chat', 'web-app'],
};

/** Feature modules that follow docs/extending.md: they see only the public surfaces of others. */
const EXTENSIONS = ['reactions'];

const layerRules = Object.entries(ALLOWED).map(([folder, allowed]) => ({
  name: `layer-${folder}`,
  comment: `src/${folder}/ may import only: ${allowed.join(', ') || 'nothing else in src'}`,
  severity: 'error',
  from: { path: `^src/${folder}/` },
  to: { path: '^src/', pathNot: [`^src/(${[folder, ...allowed].join('|')})/`] },
}));

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'src-not-from-tests',
      comment: 'production code never imports the test tree',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^test/' },
    },
    {
      name: 'unknown-module-folder',
      comment: 'every folder of src/ is placed in .dependency-cruiser.cjs (ALLOWED)',
      severity: 'error',
      from: { path: '^src/[^/]+/', pathNot: [`^src/(${Object.keys(ALLOWED).join('|')})/`] },
      to: {},
    },
    {
      name: 'public-surface-only',
      comment:
        'modules built on the platform (EXTENSIONS) import other folders only through their index.ts ' +
        '(the public surface docs/extending.md describes), never their internals',
      severity: 'error',
      from: { path: `^src/(${EXTENSIONS.join('|')})/` },
      to: {
        path: '^src/[^/]+/',
        pathNot: [`^src/(${EXTENSIONS.join('|')})/`, '^src/[^/]+/index\\.ts$'],
      },
    },
    ...layerRules,
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    exclude: { path: '(^dist/|node_modules)' },
  },
};
