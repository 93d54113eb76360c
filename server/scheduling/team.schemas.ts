import { z } from 'zod';

/** The manager's show/hide switch for the team schedule. */
export const TeamVisibilityForm = z.object({
  visible: z
    .enum(['yes', 'no'], { message: 'Choose whether staff may see the team schedule.' })
    .transform((v) => v === 'yes'),
});
