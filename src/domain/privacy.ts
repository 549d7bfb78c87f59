/** One comment as the privacy page lists it for its author. */
export interface StoredCommentSummary {
  id: number;
  postTitle: string;
  status: string;
  authorName: string;
  authorIp: string | null;
  body: string;
  createdAt: Date;
}
