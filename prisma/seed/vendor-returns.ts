// The demo task-board cards: what every card carries, and the vendor returns with their history.
import type { Priority, ReturnReason } from '../../generated/prisma/enums';
/** One step in a card's life: at day offset from today and local time, by a staff key's user. */
export interface Step {
  day: number;
  at: string;
  by: string;
  status?: string;
  assign?: string;
  field?: [string, string];
  comment?: string;
}

export interface CardSpec {
  title: string;
  description?: string;
  priority: Priority;
  /** Due day offset from today (at 17:00 local). */
  dueIn: number | null;
  steps: Step[];
}

export interface VendorReturnSpec extends CardSpec {
  vendor: string;
  drugName: string;
  ndc: string;
  lot: string;
  expiryIn: number;
  quantity: number;
  reason: ReturnReason;
  raNumber?: string;
  expectedCredit: number;
  receivedCredit?: number;
  shippedIn?: number;
  trackingNumber?: string;
  scheduleII?: boolean;
  deaForm222Number?: string;
}

export interface BillingIssueSpec extends CardSpec {
  rxNumber: string;
  serviceIn: number;
  payerName: string;
  bin: string;
  pcn?: string;
  rejectCode: string;
  amount: number;
  outcome?: string;
  notes?: string;
}

export const VENDOR_RETURNS: VendorReturnSpec[] = [
  {
    title: 'Return expired EpiPen 2-Pak ×6',
    priority: 'NORMAL',
    dueIn: 7,
    vendor: 'McKesson',
    drugName: 'EpiPen 2-Pak (epinephrine 0.3 mg auto-injector)',
    ndc: '49502050002',
    lot: '3FM784',
    expiryIn: -12,
    quantity: 6,
    reason: 'EXPIRED',
    expectedCredit: 3894,
    steps: [
      { day: -1, at: '11:20', by: 'rosa' },
      { day: -1, at: '11:25', by: 'jordan', assign: 'rosa' },
    ],
  },
  {
    title: 'Damaged Lantus vials from Tuesday delivery',
    description: 'Two vials arrived with cracked caps; kept in quarantine bin in the fridge.',
    priority: 'HIGH',
    dueIn: 2,
    vendor: 'McKesson',
    drugName: 'Lantus (insulin glargine) 100 units/mL, 10 mL vial',
    ndc: '00088222033',
    lot: 'MFK4512',
    expiryIn: 320,
    quantity: 2,
    reason: 'DAMAGED',
    expectedCredit: 584.2,
    steps: [
      { day: -4, at: '09:40', by: 'rosa' },
      { day: -4, at: '09:45', by: 'jordan', assign: 'rosa' },
      { day: -3, at: '08:15', by: 'rosa', status: 'AUTH_REQUESTED' },
      {
        day: -3,
        at: '08:16',
        by: 'rosa',
        comment: 'Requested RA through McKesson Connect, photos attached to the request.',
      },
    ],
  },
  {
    title: 'Mis-shipped Eliquis 5 mg (ordered 2.5 mg)',
    priority: 'NORMAL',
    dueIn: 3,
    vendor: 'Cardinal Health',
    drugName: 'Eliquis (apixaban) 5 mg tablets, 60 ct',
    ndc: '00003089421',
    lot: 'AB7192K',
    expiryIn: 540,
    quantity: 3,
    reason: 'MIS_SHIPPED',
    raNumber: 'CAH-RA-7741093',
    expectedCredit: 1770.6,
    steps: [
      { day: -6, at: '10:05', by: 'jordan' },
      { day: -6, at: '10:06', by: 'jordan', assign: 'jordan' },
      { day: -6, at: '14:30', by: 'jordan', status: 'AUTH_REQUESTED' },
      { day: -5, at: '09:10', by: 'jordan', field: ['raNumber', 'CAH-RA-7741093'] },
      { day: -5, at: '09:11', by: 'jordan', status: 'AUTHORISED' },
    ],
  },
  {
    title: 'Expired oxycodone 5 mg to reverse distributor (C-II)',
    description: 'Schedule II: needs the DEA Form 222 from Inmar before it can ship.',
    priority: 'HIGH',
    dueIn: 5,
    vendor: 'Inmar Rx Solutions',
    drugName: 'Oxycodone HCl 5 mg tablets, 100 ct',
    ndc: '42858000101',
    lot: 'RH23K0915',
    expiryIn: -40,
    quantity: 2,
    reason: 'EXPIRED',
    raNumber: 'INM-55201874',
    expectedCredit: 18.4,
    scheduleII: true,
    steps: [
      { day: -12, at: '13:00', by: 'rosa' },
      { day: -12, at: '13:02', by: 'jordan', assign: 'jordan' },
      { day: -11, at: '09:30', by: 'jordan', status: 'AUTH_REQUESTED' },
      { day: -9, at: '10:45', by: 'jordan', field: ['raNumber', 'INM-55201874'] },
      { day: -9, at: '10:46', by: 'jordan', status: 'AUTHORISED' },
      { day: -8, at: '15:10', by: 'jordan', status: 'PACKED' },
      {
        day: -8,
        at: '15:12',
        by: 'jordan',
        comment:
          'Sealed and locked in the CII vault. Waiting for Inmar to issue the DEA Form 222 — do not ship before.',
      },
    ],
  },
  {
    title: 'Recalled enoxaparin lot — return to Cardinal',
    priority: 'URGENT',
    dueIn: -1,
    vendor: 'Cardinal Health',
    drugName: 'Lovenox (enoxaparin) 40 mg/0.4 mL syringes, 10 ct',
    ndc: '00075062040',
    lot: '4L2291',
    expiryIn: 410,
    quantity: 4,
    reason: 'RECALLED',
    raNumber: 'CAH-RC-2290415',
    expectedCredit: 1463.2,
    shippedIn: -9,
    trackingNumber: '1Z4A72W90312345678',
    steps: [
      { day: -16, at: '08:30', by: 'jordan' },
      { day: -16, at: '08:31', by: 'jordan', assign: 'rosa' },
      { day: -16, at: '09:00', by: 'rosa', status: 'AUTH_REQUESTED' },
      { day: -14, at: '11:20', by: 'rosa', field: ['raNumber', 'CAH-RC-2290415'] },
      { day: -14, at: '11:21', by: 'rosa', status: 'AUTHORISED' },
      { day: -10, at: '14:00', by: 'rosa', status: 'PACKED' },
      { day: -9, at: '10:30', by: 'rosa', field: ['trackingNumber', '1Z4A72W90312345678'] },
      { day: -9, at: '10:31', by: 'rosa', status: 'SHIPPED' },
    ],
  },
  {
    title: 'Overstock Humalog KwikPens back to McKesson',
    priority: 'LOW',
    dueIn: null,
    vendor: 'McKesson',
    drugName: 'Humalog KwikPen (insulin lispro) 100 units/mL, 5 × 3 mL',
    ndc: '00002879959',
    lot: 'D512773',
    expiryIn: 230,
    quantity: 2,
    reason: 'OVERSTOCK',
    raNumber: 'MCK-RA-3318842',
    expectedCredit: 1061,
    receivedCredit: 1007.95,
    shippedIn: -30,
    trackingNumber: '1Z4A72W90398765432',
    steps: [
      { day: -38, at: '10:00', by: 'rosa' },
      { day: -38, at: '10:01', by: 'rosa', assign: 'rosa' },
      { day: -37, at: '09:15', by: 'rosa', status: 'AUTH_REQUESTED' },
      { day: -35, at: '13:40', by: 'rosa', field: ['raNumber', 'MCK-RA-3318842'] },
      { day: -35, at: '13:41', by: 'rosa', status: 'AUTHORISED' },
      { day: -31, at: '16:00', by: 'rosa', status: 'PACKED' },
      { day: -30, at: '09:50', by: 'rosa', field: ['trackingNumber', '1Z4A72W90398765432'] },
      { day: -30, at: '09:51', by: 'rosa', status: 'SHIPPED' },
      { day: -4, at: '11:05', by: 'rosa', field: ['receivedCreditCents', '100795'] },
      { day: -4, at: '11:06', by: 'rosa', status: 'CREDIT_RECEIVED' },
      {
        day: -4,
        at: '11:08',
        by: 'rosa',
        comment: 'Credit memo received: 5 % restocking fee per the McKesson contract.',
      },
    ],
  },
  {
    title: 'Crushed case of Eliquis 2.5 mg — credit disputed',
    priority: 'HIGH',
    dueIn: 3,
    vendor: 'Cencora',
    drugName: 'Eliquis (apixaban) 2.5 mg tablets, 60 ct',
    ndc: '00003089321',
    lot: 'AB6620J',
    expiryIn: 480,
    quantity: 5,
    reason: 'DAMAGED',
    raNumber: 'COR-RA-90417752',
    expectedCredit: 2951,
    shippedIn: -35,
    trackingNumber: '1Z4A72W90355501234',
    steps: [
      { day: -44, at: '09:30', by: 'rosa' },
      { day: -44, at: '09:31', by: 'jordan', assign: 'rosa' },
      { day: -43, at: '10:00', by: 'rosa', status: 'AUTH_REQUESTED' },
      { day: -41, at: '15:20', by: 'rosa', field: ['raNumber', 'COR-RA-90417752'] },
      { day: -41, at: '15:21', by: 'rosa', status: 'AUTHORISED' },
      { day: -36, at: '12:00', by: 'rosa', status: 'PACKED' },
      { day: -35, at: '09:40', by: 'rosa', field: ['trackingNumber', '1Z4A72W90355501234'] },
      { day: -35, at: '09:41', by: 'rosa', status: 'SHIPPED' },
      { day: -5, at: '10:10', by: 'jordan', status: 'DISPUTED' },
      {
        day: -5,
        at: '10:12',
        by: 'jordan',
        comment: 'Cencora says the tote never reached their returns centre. UPS proof of delivery requested.',
      },
      { day: -5, at: '10:13', by: 'jordan', assign: 'jordan' },
    ],
  },
];
