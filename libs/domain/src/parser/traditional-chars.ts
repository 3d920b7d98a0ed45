/**
 * Traditional characters that real documents mix in (責任單位, 完成時限, 印花稅 …). The table only
 * tells whether a text needs converting; the conversion itself is OpenCC's (`opencc-js`).
 */
import { Converter } from 'opencc-js';

/** Each pair is a traditional character followed by its simplified form (only the first is used). */
const PAIRS = [
  '責责單单牽牵頭头時时聯联繫系係系電电話话項项況况說说實实標标務务長长續续進进區区縣县財财發发關关門门會会員员設设資资產产',
  '業业農农體体級级際际領领導导組组織织經经濟济劃划規规範范質质動动態态應应環环護护衛卫協协調调稅税費费繳缴額额萬万獎奖補补',
  '貸贷險险銀银鐵铁運运輸输車车機机構构據据處处當当與与為为將将對对從从來来這这們们個个優优勢势創创術术開开啟启線线網网絡络',
  '數数庫库點点場场廠厂東东華华國国圖图團团園园書书報报總总屬属參参議议辦办讓让認认證证評评審审論论計计訂订記记請请諮咨詢询',
  '並并營营銷销價价購购貿贸壓压擴扩綜综權权極极歷历戰战條条樣样檢检驗验廣广廳厅還还邊边遠远適适選选鄉乡鎮镇醫医陸陆陽阳隊队',
  '階阶隨随離离雙双預预題题類类顯显養养館馆糧粮紅红約约納纳細细終终結结給给統统綠绿維维緊紧編编練练績绩繼继習习脫脱興兴舉举',
  '舊旧藝艺節节藥药號号裝装製制複复見见視视覺觉觀观訊讯訪访許许試试詳详誤误課课談谈講讲識识讀读變变貨货貧贫貼贴賽赛軍军載载',
  '輕轻輔辅轉转過过達达鄰邻釋释鋼钢錢钱間间陳陈難难顧顾驅驱齡龄災灾歲岁齊齐龍龙麥麦黃黄義义屆届層层幣币帶带幫帮徑径復复憑凭',
  '戶户擔担擇择擊击攜携斷断於于暫暂樂乐檔档殘残氣气潔洁無无爭争獨独現现畝亩療疗盡尽監监盤盘碼码礎础禮礼穩稳積积競竞築筑簡简',
  '紀纪紹绍綫线罰罚聲声職职臺台藍蓝衆众覽览親亲訴诉診诊詞词誌志譽誉豐丰貢贡貫贯賬账趨趋跡迹踐践輝辉辭辞遞递郵邮針针錄录鏈链',
  '閱阅陣阵隱隐雜杂靈灵韓韩頁页頒颁頻频飲饮餘余駐驻騰腾鬥斗鮮鲜麗丽黨党戲戏婦妇學学寶宝專专尋寻嶺岭廢废彙汇慮虑慶庆擁拥敗败',
  '樹树橋桥歸归漢汉濱滨灣湾熱热燈灯獲获獻献畫画眾众確确稱称穀谷籌筹簽签糾纠紡纺紙纸綱纲緩缓縮缩繪绘羅罗聞闻腦脑臨临莊庄薦荐',
  '蘇苏衝冲裡里觸触討讨訓训託托誠诚諾诺謀谋謝谢譯译負负販贩賠赔賣卖賦赋贈赠軟软較较輛辆輪轮遲迟遷迁遺遗鋪铺錯错鍵键鐘钟閉闭',
  '閒闲雖虽霧雾靜静響响頂顶順顺須须顏颜願愿風风飛飞飯饭馬马駕驾魚鱼鳥鸟鹽盐麼么',
].join('');

/** indexed by UTF-16 code unit: 1 for a character that only Traditional text uses */
const TRADITIONAL_ONLY = new Uint8Array(0x10000);
for (let i = 0; i < PAIRS.length; i += 2) TRADITIONAL_ONLY[PAIRS.charCodeAt(i)] = 1;

/** OpenCC's Traditional → Mainland Simplified conversion (characters and phrases), built on first use. */
let toMainland: ((text: string) => string) | null = null;

/**
 * Whether the text carries Traditional characters. A table lookup per character: this runs over
 * every document, most of which have none, and OpenCC costs ~0.2 ms per KiB.
 */
export function containsTraditional(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (TRADITIONAL_ONLY[text.charCodeAt(i)] === 1) return true;
  return false;
}

/** Mixed-in Traditional characters (a few 稅 in a Simplified text) do not make a Traditional document. */
const TRADITIONAL_DOCUMENT_SHARE = 0.05;

/** Whether the text is written in Traditional characters: at least 5 % of its ideographs are Traditional-only. */
export function isTraditionalDocument(text: string): boolean {
  let ideographs = 0;
  let traditional = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0x4e00 && code <= 0x9fff) ideographs++;
    traditional += TRADITIONAL_ONLY[code];
  }
  return traditional > 0 && traditional >= ideographs * TRADITIONAL_DOCUMENT_SHARE;
}

/**
 * The whole text in Simplified Chinese, converted by OpenCC in one pass (so titles, units and
 * deadlines are converted alike); unchanged when it has no Traditional character.
 */
export function toSimplified(text: string): string {
  if (!containsTraditional(text)) return text;
  toMainland ??= Converter({ from: 't', to: 'cn' });
  return toMainland(text);
}
