import { HealthResponseSchema, type HealthResponse } from '@canbao/shared'
import { api, callApi } from './client'

// A degraded health answer (503) still carries a body worth showing: which part is down.
export const fetchHealth = () =>
  callApi<HealthResponse>(() => api.api.health.$get(), { acceptStatus: [503], schema: HealthResponseSchema })
