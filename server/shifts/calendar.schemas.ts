import { z } from 'zod';
import { idField } from '../lib/schemas';

/** `:staffId` of the manager's revoke URL. */
export const StaffIdParam = z.object({ staffId: idField() });
