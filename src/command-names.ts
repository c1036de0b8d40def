/** The commands, as yargs knows them (src/cli.ts) and as the launcher names their code caches (src/launch.ts). */
export const COMMANDS = ['check', 'snapshot', 'permissions', 'explain', 'completion', 'schema'];
