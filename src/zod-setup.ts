/**
 * Imported (for its effect) by every module that builds zod schemas, before zod itself. A run
 * parses each schema a few times at most, so zod's JIT (a parser generated with `new Function`
 * per object schema) costs more to compile than it saves. zod reads the setting when a schema is
 * built, and ESM runs this module before the body of any module that imports it.
 */
import { config } from 'zod';

config({ jitless: true });
