/**
 * The vendor modules of src/sources/vendor.ts. `aws-client:<service>`: the SDK client of one
 * service with only the commands the doctor sends (src/sources/aws-operations.json).
 * `kube-client`: the parts of client-node the live cluster source uses. scripts/bundle.mjs writes
 * each as a file of its own under dist/vendor/; under jest each is the whole package
 * (jest.config.js).
 */
declare module 'aws-client:*' {
  const sdk: Record<string, unknown>;
  export = sdk;
}

declare module 'kube-client' {
  export * from '@kubernetes/client-node';
}
