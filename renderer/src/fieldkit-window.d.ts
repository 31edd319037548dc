import type { FieldkitApi } from '../../shared/ipc-contract.ts';

declare global {
  interface Window {
    fieldkit: FieldkitApi;
  }
}
