/**
 * The yaml library's plain `parse` and `stringify`, in a module of its own so that the few callers
 * that need them (a kubeconfig peek, `cart-doctor snapshot`) load it with `import()` only then.
 * `import('yaml')` itself would not do: the package is CommonJS for Node, and a bundled dynamic
 * import of it has no named exports, where this static re-export does.
 */
export { parse, stringify } from 'yaml';
