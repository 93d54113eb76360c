// The demo shift templates with their coverage, and the recurring daily-task templates.
import type { Priority, Recurrence } from '../../generated/prisma/enums';
import { type PositionCode } from '../catalogue';
export interface TemplateSpec {
  name: string;
  shiftType: string;
  weekdays: string;
  start: string;
  end: string;
  coverage: [PositionCode, number, number | null][];
}

/**
 * Weekly demand: 28 pharmacist shifts, 60 technician-class shifts (40 technician, 5 lead, 12 IV,
 * 1 Category 3, 2 oncology) and 10 inventory/billing shifts, all 8.5 h with the default 30-minute
 * unpaid meal break (784 paid hours; a full-timer reaches 40 h in five shifts, without overtime). At
 * every moment technicians ≤ 4 × pharmacists holds at the maximum headcounts. The IV room is tight
 * on purpose: with Ben's CSPT expired, three IV technicians cover 15 IV/Category 3/oncology shifts
 * with 15 shifts of capacity (Chris and Dee hold the Category 3 competencies), so any time off opens
 * a gap.
 */
export const TEMPLATES: TemplateSpec[] = [
  {
    name: 'Weekday day',
    shiftType: 'DAY',
    weekdays: '1,2,3,4,5',
    start: '07:00',
    end: '15:30',
    coverage: [
      ['PHARMACIST', 2, 3],
      ['LEAD_TECH', 1, 1],
      ['TECHNICIAN', 4, 4],
    ],
  },
  {
    name: 'Weekday evening',
    shiftType: 'EVENING',
    weekdays: '1,2,3,4,5',
    start: '15:00',
    end: '23:30',
    coverage: [
      ['PHARMACIST', 1, 2],
      ['TECHNICIAN', 2, 3],
    ],
  },
  {
    name: 'IV room day',
    shiftType: 'IV',
    weekdays: '1,2,3,4,5',
    start: '07:00',
    end: '15:30',
    coverage: [['IV_TECH', 2, 2]],
  },
  {
    name: 'Category 3 batch compounding',
    shiftType: 'IV',
    weekdays: '3',
    start: '07:00',
    end: '15:30',
    coverage: [['IV_CAT3_TECH', 1, 1]],
  },
  {
    name: 'Oncology hazardous-drug compounding',
    shiftType: 'IV',
    weekdays: '2,4',
    start: '08:00',
    end: '16:30',
    coverage: [['ONCOLOGY_TECH', 1, 1]],
  },
  {
    name: 'Inventory & receiving',
    shiftType: 'DAY',
    weekdays: '1,2,3,4,5',
    start: '06:00',
    end: '14:30',
    coverage: [['INVENTORY_SPECIALIST', 1, 1]],
  },
  {
    name: 'Billing & claims',
    shiftType: 'DAY',
    weekdays: '1,2,3,4,5',
    start: '08:30',
    end: '17:00',
    coverage: [['BILLING_SPECIALIST', 1, 1]],
  },
  {
    name: 'Weekend day',
    shiftType: 'WEEKEND',
    weekdays: '6,7',
    start: '07:00',
    end: '15:30',
    coverage: [
      ['PHARMACIST', 2, 2],
      ['TECHNICIAN', 3, 3],
      ['IV_TECH', 1, 1],
    ],
  },
  {
    name: 'Weekend evening',
    shiftType: 'WEEKEND',
    weekdays: '6,7',
    start: '15:00',
    end: '23:30',
    coverage: [
      ['PHARMACIST', 1, 1],
      ['TECHNICIAN', 2, 2],
    ],
  },
  {
    name: 'Overnight pharmacist',
    shiftType: 'NIGHT',
    weekdays: '1,2,3,4,5,6,7',
    start: '23:00',
    end: '07:30',
    coverage: [['PHARMACIST', 1, 1]],
  },
];

export interface DailyTemplateSpec {
  title: string;
  description: string;
  recurrence: Recurrence;
  weekdays?: string;
  dayOfMonth?: number;
  due: string;
  priority: Priority;
  /** Who did yesterday's card (when it ran yesterday); null: left undone (overdue). */
  yesterdayBy: string | null;
}

export const DAILY_TEMPLATES: DailyTemplateSpec[] = [
  {
    title: 'Fridge temperature log',
    description:
      'Record min/max/current temperature of every medication refrigerator and freezer; act on excursions.',
    recurrence: 'DAILY',
    due: '08:00',
    priority: 'HIGH',
    yesterdayBy: 'aisha',
  },
  {
    title: 'IV room cleaning log',
    description: 'Daily cleaning of the ISO 5 hoods and work surfaces (USP <797>); sign the log.',
    recurrence: 'DAILY',
    due: '15:00',
    priority: 'NORMAL',
    yesterdayBy: null,
  },
  {
    title: 'Receive wholesaler order',
    description: 'Check the delivery against the purchase order, put away, file the invoice; report shorts.',
    recurrence: 'WEEKLY',
    weekdays: '1,3,5',
    due: '10:00',
    priority: 'NORMAL',
    yesterdayBy: 'rosa',
  },
  {
    title: 'Controlled-substance count',
    description:
      'Perpetual inventory count of Schedule II products with a pharmacist witness; reconcile discrepancies.',
    recurrence: 'WEEKLY',
    weekdays: '1',
    due: '14:00',
    priority: 'HIGH',
    yesterdayBy: 'jordan',
  },
  {
    title: 'Expired product pull',
    description:
      'Pull products expiring this month from shelves, fridges and the IV room; start vendor returns.',
    recurrence: 'MONTHLY',
    dayOfMonth: 1,
    due: '12:00',
    priority: 'HIGH',
    yesterdayBy: 'rosa',
  },
];
