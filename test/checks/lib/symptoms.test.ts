/** The "Common failures" rows a result names (docs/design/SPEC.md §4.1). */
import { describe, expect, it } from '@jest/globals';
import { SYMPTOMS, symptom } from '../../../src/checks/lib/symptoms.js';

describe('symptoms', () => {
  it("keeps the setup guide's four rows verbatim, first", () => {
    expect(Object.entries(SYMPTOMS).slice(0, 4)).toEqual([
      ['AccessDeniedException', 'IAM policy / trust issue'],
      ['ResourceNotFoundException', "Table doesn't exist"],
      ['Unable to locate credentials', 'IRSA broken'],
      ['Connection refused', 'Using local endpoint in EKS'],
    ]);
  });

  it('a row is the error and its meaning', () => {
    expect(symptom('Connection refused')).toEqual({ error: 'Connection refused', meaning: 'Using local endpoint in EKS' });
    expect(symptom('UnrecognizedClientException')).toEqual({
      error: 'UnrecognizedClientException',
      meaning: 'K3s fake keys sent to real AWS (no local endpoint)',
    });
  });
});
