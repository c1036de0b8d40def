/**
 * The third-party code only live runs need — each AWS client (`aws-client:<service>`) and
 * client-node (`kube-client`) — comes in through here. The build (scripts/bundle.mjs) puts
 * those in ES-module files of their own under dist/vendor/ and swaps this module for one that
 * asks the launcher (src/launch.ts) to import them; under jest they are the packages themselves
 * (jest.config.js). The names stay literal so the bundler sees them.
 */
import type { AwsService } from './types.js';

export type SdkModule = Record<string, unknown>;
export type KubeClientModule = typeof import('@kubernetes/client-node');

export function importAwsClient(service: AwsService): Promise<SdkModule> {
  switch (service) {
    case 'dynamodb':
      return import('aws-client:dynamodb');
    case 'iam':
      return import('aws-client:iam');
    case 'eks':
      return import('aws-client:eks');
    case 'sts':
      return import('aws-client:sts');
    case 'kms':
      return import('aws-client:kms');
    case 'ec2':
      return import('aws-client:ec2');
    case 'organizations':
      return import('aws-client:organizations');
  }
}

export function importKubeClient(): Promise<KubeClientModule> {
  return import('kube-client') as Promise<KubeClientModule>;
}
