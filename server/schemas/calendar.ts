import { z } from 'zod';

/** `:staffId` of the manager's revoke URL. */
export const StaffIdParam = z.object({ staffId: z.coerce.number().int().positive() });
