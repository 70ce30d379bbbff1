/**
 * The words the demo catalog is made of: a two-level category tree whose leaves say what their
 * products are called, what they cost and which options they come in.
 */
export type Icon = "tee" | "mug" | "bag" | "book";

export interface LeafKind {
  slug: string;
  name: string;
  nouns: readonly string[];
  materials: readonly string[];
  features: readonly string[];
  /** Whole US dollars. */
  priceRange: readonly [number, number];
  sizes?: readonly string[];
  /** How many colours a product comes in, at least and at most (0 = no colour option). */
  colours: readonly [number, number];
}

export interface RootKind {
  slug: string;
  name: string;
  icon: Icon;
  children: readonly LeafKind[];
}

const APPAREL_SIZES = ["S", "M", "L", "XL"] as const;

export const CATEGORY_TREE: readonly RootKind[] = [
  {
    slug: "apparel",
    name: "Apparel",
    icon: "tee",
    children: [
      { slug: "apparel-t-shirts", name: "T-Shirts", nouns: ["Tee", "Crew Tee", "Pocket Tee", "V-Neck Tee", "Long Sleeve Tee"], materials: ["Cotton", "Organic Cotton", "Slub Jersey", "Heavyweight"], features: ["A relaxed fit that keeps its shape wash after wash", "Pre-shrunk and garment dyed for a lived-in feel", "Reinforced shoulder seams and a ribbed collar"], priceRange: [18, 39], sizes: APPAREL_SIZES, colours: [1, 4] },
      { slug: "apparel-shirts", name: "Shirts", nouns: ["Oxford Shirt", "Flannel Shirt", "Chambray Shirt", "Linen Shirt", "Overshirt"], materials: ["Brushed", "Washed", "Poplin", "Twill"], features: ["Cut with a curved hem that works tucked or untucked", "Corozo buttons and a button-down collar", "A chest pocket with a pen slot"], priceRange: [45, 95], sizes: APPAREL_SIZES, colours: [1, 3] },
      { slug: "apparel-hoodies", name: "Hoodies", nouns: ["Hoodie", "Zip Hoodie", "Pullover Hoodie", "Sweatshirt"], materials: ["Fleece", "Loopback", "Brushed Cotton", "Recycled"], features: ["A double-layer hood and a roomy kangaroo pocket", "Ribbed cuffs that stay put", "Soft brushed inside for cold mornings"], priceRange: [49, 110], sizes: APPAREL_SIZES, colours: [1, 4] },
      { slug: "apparel-jackets", name: "Jackets", nouns: ["Field Jacket", "Rain Jacket", "Chore Coat", "Puffer Jacket", "Windbreaker"], materials: ["Waxed Canvas", "Ripstop", "Waterproof", "Quilted"], features: ["Taped seams keep the weather out", "Four pockets, two of them with zips", "Packs into its own pocket"], priceRange: [89, 260], sizes: APPAREL_SIZES, colours: [1, 3] },
      { slug: "apparel-hats", name: "Hats", nouns: ["Cap", "Beanie", "Bucket Hat", "Trucker Cap"], materials: ["Wool", "Cotton Twill", "Corduroy", "Merino"], features: ["One size with an adjustable strap", "Embroidered logo on the front", "Folded cuff for extra warmth"], priceRange: [19, 45], colours: [1, 4] },
      { slug: "apparel-socks", name: "Socks", nouns: ["Crew Socks", "Hiking Socks", "Ankle Socks", "Sock 3-Pack"], materials: ["Merino", "Cotton", "Bamboo", "Cushioned"], features: ["Cushioned sole and a seamless toe", "Arch support for long days", "Reinforced heel that outlasts the rest"], priceRange: [9, 29], sizes: ["S/M", "L/XL"], colours: [1, 3] },
    ],
  },
  {
    slug: "home",
    name: "Home",
    icon: "mug",
    children: [
      { slug: "home-mugs", name: "Mugs", nouns: ["Mug", "Camp Mug", "Espresso Cup", "Travel Mug"], materials: ["Stoneware", "Enamel", "Speckled", "Porcelain"], features: ["Holds a generous 350 ml", "Dishwasher and microwave safe", "Glazed by hand, so no two are quite alike"], priceRange: [12, 34], colours: [1, 3] },
      { slug: "home-candles", name: "Candles", nouns: ["Candle", "Tin Candle", "Pillar Candle", "Travel Candle"], materials: ["Soy Wax", "Beeswax", "Coconut Wax", "Rapeseed Wax"], features: ["Burns cleanly for about 40 hours", "A cotton wick and no added paraffin", "Poured in small batches"], priceRange: [14, 48], sizes: ["Small", "Large"], colours: [0, 0] },
      { slug: "home-cushions", name: "Cushions", nouns: ["Cushion", "Throw Pillow", "Floor Cushion", "Bolster"], materials: ["Linen", "Velvet", "Wool", "Boucle"], features: ["Feather-filled inner included", "Hidden zip so the cover comes off for washing", "Piped edges that keep a crisp line"], priceRange: [25, 79], colours: [1, 4] },
      { slug: "home-posters", name: "Posters", nouns: ["Print", "Poster", "Art Print", "Map Print"], materials: ["Letterpress", "Giclee", "Risograph", "Screen Printed"], features: ["Printed on 250 gsm recycled paper", "Ships rolled in a sturdy tube", "Signed and numbered edition"], priceRange: [20, 90], sizes: ["A3", "A2", "50x70"], colours: [0, 0] },
      { slug: "home-blankets", name: "Blankets", nouns: ["Throw", "Blanket", "Picnic Blanket", "Knit Throw"], materials: ["Wool", "Cotton Waffle", "Merino", "Recycled Fleece"], features: ["Generous 130 by 170 cm", "Tasselled edges", "Warm without being heavy"], priceRange: [39, 149], colours: [1, 3] },
    ],
  },
  {
    slug: "accessories",
    name: "Accessories",
    icon: "bag",
    children: [
      { slug: "accessories-bags", name: "Bags", nouns: ["Tote", "Backpack", "Duffel", "Messenger Bag", "Sling Bag"], materials: ["Canvas", "Leather", "Recycled Nylon", "Waxed Cotton"], features: ["A padded sleeve fits a 15 inch laptop", "Solid brass hardware", "Water-resistant base"], priceRange: [29, 189], colours: [1, 3] },
      { slug: "accessories-wallets", name: "Wallets", nouns: ["Wallet", "Card Holder", "Coin Pouch", "Bifold"], materials: ["Leather", "Vegetable Tanned", "Cork", "Canvas"], features: ["Holds six cards and folded notes", "Slim enough for a front pocket", "Develops a patina with use"], priceRange: [19, 79], colours: [1, 3] },
      { slug: "accessories-sunglasses", name: "Sunglasses", nouns: ["Sunglasses", "Aviators", "Round Sunglasses", "Wayfarers"], materials: ["Acetate", "Titanium", "Bio-Based", "Polarised"], features: ["UV400 protection", "Comes with a hard case and cloth", "Spring hinges for a comfortable fit"], priceRange: [39, 159], colours: [1, 3] },
      { slug: "accessories-watches", name: "Watches", nouns: ["Field Watch", "Dress Watch", "Dive Watch", "Chronograph"], materials: ["Steel", "Titanium", "Brass", "Ceramic"], features: ["Sapphire crystal and 100 m water resistance", "Swiss quartz movement", "Quick-release strap"], priceRange: [99, 449], colours: [1, 2] },
    ],
  },
  {
    slug: "stationery",
    name: "Stationery",
    icon: "book",
    children: [
      { slug: "stationery-notebooks", name: "Notebooks", nouns: ["Notebook", "Journal", "Sketchbook", "Pocket Notebook"], materials: ["Dot Grid", "Lined", "Plain", "Recycled"], features: ["Lays flat thanks to a sewn binding", "100 gsm paper that takes fountain pen ink", "An elastic closure and a ribbon marker"], priceRange: [8, 32], sizes: ["A6", "A5"], colours: [1, 3] },
      { slug: "stationery-pens", name: "Pens", nouns: ["Pen", "Fountain Pen", "Rollerball", "Pencil Set"], materials: ["Brass", "Aluminium", "Bamboo", "Resin"], features: ["Refillable with standard cartridges", "Balanced weight for long writing sessions", "Knurled grip"], priceRange: [6, 89], colours: [1, 3] },
      { slug: "stationery-stickers", name: "Stickers", nouns: ["Sticker Pack", "Sticker Sheet", "Die-Cut Sticker", "Washi Tape Set"], materials: ["Vinyl", "Holographic", "Matte", "Glitter"], features: ["Weatherproof and dishwasher safe", "Ten designs per pack", "Easy to peel, leaves no residue"], priceRange: [3, 15], colours: [0, 0] },
    ],
  },
];

export const ADJECTIVES = [
  "Classic", "Everyday", "Vintage", "Essential", "Relaxed", "Modern", "Coastal", "Alpine", "Urban", "Nordic",
  "Sunset", "Midnight", "Heritage", "Weekend", "Studio", "Field", "Harbor", "Summit", "Meadow", "Canyon",
] as const;

export interface Colour {
  name: string;
  hex: string;
}

export const COLOURS: readonly Colour[] = [
  { name: "Black", hex: "#1f2933" },
  { name: "White", hex: "#e7e5e4" },
  { name: "Navy", hex: "#1e3a5f" },
  { name: "Grey", hex: "#9ca3af" },
  { name: "Forest", hex: "#2f5d3a" },
  { name: "Rust", hex: "#b5502a" },
  { name: "Sand", hex: "#d8c3a5" },
  { name: "Sky", hex: "#7fb3d5" },
  { name: "Burgundy", hex: "#7b2d3b" },
  { name: "Mustard", hex: "#d4a82a" },
  { name: "Olive", hex: "#6b7a3a" },
  { name: "Blush", hex: "#e8b4b8" },
];
