/** Where the app's code cache lives (src/startup/code-cache.ts), as Node's own cache settings and each platform's convention say. */
import { describe, it, expect } from '@jest/globals';
import { cacheDirectory } from '../../src/startup/code-cache.js';

const home = () => '/home/u';

describe('cacheDirectory', () => {
  it.each([
    ['Linux, no XDG_CACHE_HOME', {}, 'linux', '/home/u/.cache/cart-doctor'],
    ['Linux, XDG_CACHE_HOME', { XDG_CACHE_HOME: '/x' }, 'linux', '/x/cart-doctor'],
    ['Linux, empty XDG_CACHE_HOME', { XDG_CACHE_HOME: '' }, 'linux', '/home/u/.cache/cart-doctor'],
    ['macOS', {}, 'darwin', '/home/u/Library/Caches/cart-doctor'],
    ['Windows', { LOCALAPPDATA: 'C:\\Users\\u\\AppData\\Local' }, 'win32', 'C:\\Users\\u\\AppData\\Local\\cart-doctor\\cache'],
    ['Windows without LOCALAPPDATA', {}, 'win32', undefined],
    ['NODE_COMPILE_CACHE names the place', { NODE_COMPILE_CACHE: '/cc', XDG_CACHE_HOME: '/x' }, 'linux', '/cc/cart-doctor'],
    ['NODE_DISABLE_COMPILE_CACHE=1', { NODE_DISABLE_COMPILE_CACHE: '1', NODE_COMPILE_CACHE: '/cc' }, 'linux', undefined],
    ['NODE_DISABLE_COMPILE_CACHE empty (set, as Node reads it)', { NODE_DISABLE_COMPILE_CACHE: '' }, 'darwin', undefined],
  ] as const)('%s', (_case, env, platform, expected) => {
    expect(cacheDirectory(env as NodeJS.ProcessEnv, platform, home)).toBe(expected);
  });
});
