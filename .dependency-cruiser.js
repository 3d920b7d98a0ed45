/**
 * Architectural boundaries, checked in `npm test`:
 * - libs/domain rules are plain TypeScript: no Nest, no HTTP, no ORM, no config, no I/O.
 *   Only libs/domain/src/entities may use TypeORM decorators, and rules never import entities.
 * - libs never import apps; apps never import each other.
 * - libs/core (what both apps share: outbox writer, work calendar, assessment settings) may use Nest,
 *   TypeORM, infra, notifications and domain; the lower libs never import it.
 */
module.exports = {
  forbidden: [
    {
      name: 'domain-rules-are-pure',
      severity: 'error',
      comment: 'Domain rules must not depend on frameworks, persistence, configuration or I/O',
      from: { path: '^libs/domain/src/(?!entities/)' },
      to: { path: 'node_modules/(@nestjs|typeorm|pg|ioredis|bullmq|express|class-validator|class-transformer|nestjs-)|^libs/domain/src/entities/|^libs/(infra|jobs|notifications|core)/|^apps/|^(node:)?(fs|net|http|https|child_process)$', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'entities-only-typeorm',
      severity: 'error',
      from: { path: '^libs/domain/src/entities/' },
      to: { path: 'node_modules/(@nestjs|ioredis|bullmq|express)|^libs/(infra|jobs|notifications|core)/|^apps/' },
    },
    { name: 'core-sits-above-the-other-libs', severity: 'error', from: { path: '^libs/(domain|infra|jobs|notifications)/' }, to: { path: '^libs/core/' } },
    { name: 'libs-do-not-import-apps', severity: 'error', from: { path: '^libs/' }, to: { path: '^apps/' } },
    { name: 'api-does-not-import-worker', severity: 'error', from: { path: '^apps/api/' }, to: { path: '^apps/worker/' } },
    { name: 'worker-does-not-import-api', severity: 'error', from: { path: '^apps/worker/' }, to: { path: '^apps/api/' } },
    {
      name: 'web-is-a-browser-client',
      severity: 'error',
      comment: 'The web app talks to the API over HTTP only; its types come from the OpenAPI document (apps/web/src/api/schema.d.ts)',
      from: { path: '^apps/web/' },
      to: { path: '^(apps/(api|worker)|libs)/' },
    },
    { name: 'no-circular', severity: 'error', from: { path: '^libs/domain/' }, to: { circular: true } },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '\\.(spec|integration-spec|e2e-spec)\\.ts$' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
