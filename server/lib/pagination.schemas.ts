import { z } from 'zod';

/** `?page=` of a long list; anything that is not a page number shows the first page. */
export const pageQuery = z.coerce.number().int().min(1).max(100_000).optional().catch(undefined);
