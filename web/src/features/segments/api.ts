import type { Segment, SegmentCount, SegmentInput, SegmentPatch, SegmentPreview, SegmentPreviewInput } from '../../../../src/contracts/index.js';
import { api } from '../../shared/api-client.js';

export const listSegments = () => api.get<{ items: Segment[] }>('/segments').then((r) => r.items);
export const getSegment = (id: string) => api.get<Segment>(`/segments/${id}`);
/** How many contacts the saved segment matches now. */
export const countSegment = (id: string) => api.get<SegmentCount>(`/segments/${id}/count`).then((r) => r.count);
/** 409 `segment.duplicate_name`; 422 `segment.invalid` with errors by path (`rules[1].op`). */
export const createSegment = (input: SegmentInput) => api.post<Segment>('/segments', input);
export const updateSegment = (id: string, patch: SegmentPatch) => api.patch<Segment>(`/segments/${id}`, patch);
/** 409 `segment.in_use` while a broadcast uses it. */
export const deleteSegment = (id: string) => api.del(`/segments/${id}`);
/** Count and up to 10 contacts of an unsaved definition. */
export const previewSegment = (input: SegmentPreviewInput) => api.post<SegmentPreview>('/segments/preview', input);
