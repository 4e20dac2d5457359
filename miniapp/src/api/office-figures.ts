import {
  OfficeFiguresResponseSchema,
  OfficeProposalResponseSchema,
  type OfficeFiguresResponse,
  type OfficeProposal,
} from '@canbao/shared/api/registry'
import type { ProposalRequest } from '@canbao/shared/registry/figures'
import { api, callApi, type ApiResult } from './client'

export const fetchOfficeFigures = (): Promise<ApiResult<OfficeFiguresResponse>> =>
  callApi(() => api.api.office.figures.$get(), { schema: OfficeFiguresResponseSchema })

export const proposeFigure = (body: ProposalRequest): Promise<ApiResult<{ proposal: OfficeProposal }>> =>
  callApi(() => api.api.office.figures.proposals.$post({ json: body as never }), {
    schema: OfficeProposalResponseSchema,
  })

export const approveFigure = (id: string, note: string): Promise<ApiResult<{ proposal: OfficeProposal }>> =>
  callApi(() => api.api.office.figures.proposals[':id'].approve.$post({ param: { id }, json: note ? { note } : {} }), {
    schema: OfficeProposalResponseSchema,
  })

export const rejectFigure = (id: string, note: string): Promise<ApiResult<{ proposal: OfficeProposal }>> =>
  callApi(() => api.api.office.figures.proposals[':id'].reject.$post({ param: { id }, json: note ? { note } : {} }), {
    schema: OfficeProposalResponseSchema,
  })
