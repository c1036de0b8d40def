/**
 * Imported (for its effect) by every module that builds zod schemas, before zod itself. A run
 * parses each schema a few times at most, so zod's JIT (a parser generated with `new Function`
 * per object schema) costs more to compile than it saves. zod reads the setting when a schema is
 * built, and ESM runs this module before the body of any module that imports it.
 *
 * The schemas use zod/mini (same core as the classic API, a fraction of its start-up), which
 * loads no messages of its own: the English ones are the classic API's, so every error line a
 * user sees stays word for word what it was.
 */
import { config } from 'zod/mini';
import en from 'zod/v4/locales/en.js';

config({ jitless: true, ...en() });
