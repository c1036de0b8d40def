/**
 * `aws-client:<service>`: the SDK client of one service with only the commands the doctor sends
 * (src/sources/aws-operations.json). scripts/bundle.mjs writes each as a lazy chunk; under jest
 * it is the whole SDK package (jest.config.js).
 */
declare module 'aws-client:*' {
  const sdk: Record<string, unknown>;
  export = sdk;
}
