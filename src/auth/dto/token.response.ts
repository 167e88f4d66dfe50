export interface FlashTokenContent {
  token: string;
}
