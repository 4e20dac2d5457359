import {
  CampaignListResponseSchema,
  CampaignResponseSchema,
  PreviewResponseSchema,
  type CampaignRequest,
  type CampaignView,
  type MessagePreview,
} from '@canbao/shared/api/reminders'
import { api, callApi, type ApiResult } from './client'

export const previewCampaign = (body: CampaignRequest): Promise<ApiResult<{ preview: MessagePreview }>> =>
  callApi(() => api.api.campaigns.preview.$post({ json: body }), { schema: PreviewResponseSchema })

export const createCampaign = (body: CampaignRequest): Promise<ApiResult<{ campaign: CampaignView }>> =>
  callApi(() => api.api.campaigns.$post({ json: body }), { schema: CampaignResponseSchema, acceptStatus: [202] })

export const fetchCampaigns = (): Promise<ApiResult<{ campaigns: CampaignView[] }>> =>
  callApi(() => api.api.campaigns.$get({ query: {} }), { schema: CampaignListResponseSchema })

/** Continues a campaign whose audience walk stopped part way; residents already sent hear nothing twice. */
export const resumeCampaign = (id: string): Promise<ApiResult<{ campaign: CampaignView }>> =>
  callApi(() => api.api.campaigns[':id'].resume.$post({ param: { id } }), {
    schema: CampaignResponseSchema,
    acceptStatus: [202],
  })
