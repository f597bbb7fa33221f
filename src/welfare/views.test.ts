import { describe, expect, it } from 'vitest';
import { housingView, residentView, type RecordAnswer } from './views.ts';

const masked: RecordAnswer = {
  id: 'p1',
  building: 'B1',
  fields: {
    name: '张*',
    address: '南京东路100弄3号601',
    emergencyContactName: '李*',
    emergencyContactPhone: '139****0000',
    idNumber: '310***********1234',
  },
  masked: ['name', 'emergencyContactName', 'emergencyContactPhone', 'idNumber'],
  grantId: null,
};
const revealed: RecordAnswer = {
  ...masked,
  fields: {
    name: '张三丰',
    address: '南京东路100弄3号601',
    emergencyContactName: '李四',
    emergencyContactPhone: '13900000000',
    idNumber: '310101194001011234',
  },
  masked: [],
  grantId: 'g1',
};

describe('residentView', () => {
  it('shows the name masked and the address, no contact without a grant', () => {
    expect(residentView('p1', masked, true)).toEqual({
      personId: 'p1',
      readable: true,
      name: '张*',
      address: '南京东路100弄3号601',
      emergencyContact: null,
    });
  });

  it('shows the contact only when asked for and revealed by a grant; the name stays masked', () => {
    const v = residentView('p1', revealed, true);
    expect(v.name).toBe('张**');
    expect(v.emergencyContact).toEqual({ name: '李四', phone: '13900000000' });
    expect(residentView('p1', revealed, false).emergencyContact).toBeNull();
  });

  it('never carries the ID number or the resident’s own phone', () => {
    expect(JSON.stringify(residentView('p1', revealed, true))).not.toContain('310101194001011234');
  });

  it('marks a resident the registry would not answer', () => {
    expect(residentView('p9', null, true)).toEqual({ personId: 'p9', readable: false, name: null, address: null, emergencyContact: null });
  });
});

describe('housingView', () => {
  it('shows building, unit and room', () => {
    const h: RecordAnswer = {
      id: 'h1',
      building: 'B1',
      fields: { unit: '2', room: '601', ownerName: '王*' },
      masked: ['ownerName'],
      grantId: null,
    };
    expect(housingView('h1', h)).toEqual({ housingId: 'h1', readable: true, building: 'B1', unit: '2', room: '601' });
    expect(housingView('h1', null).readable).toBe(false);
  });
});
