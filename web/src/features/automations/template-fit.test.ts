import { describe, expect, it } from 'vitest';
import { missingVariables } from './template-fit.js';

describe('which templates a trigger allows', () => {
  const lunas = { variables: ['productname', 'documentnumber', 'productname'] };
  it('names each variable the trigger lacks once', () => {
    expect(missingVariables(lunas, 'order.paid')).toEqual(['productname']);
    expect(missingVariables({ variables: ['contactname', 'documentnumber'] }, 'contact.created')).toEqual(['documentnumber']);
  });
  it('lets a fitting template through, and every template before a trigger is chosen', () => {
    expect(missingVariables(lunas, 'order.created')).toEqual([]);
    expect(missingVariables(lunas, null)).toEqual([]);
    expect(missingVariables({ variables: [] }, 'contact.created')).toEqual([]);
  });
});
