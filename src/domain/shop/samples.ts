/**
 * Sample notifications in the platforms' own documented shapes (WooCommerce REST API v3 order,
 * Shopify Admin API order webhook), with Indonesian data: the tester's "use an example" and the
 * tests' fixtures. JSON text, as the platforms send it: Shopify's ids are larger than 2^53.
 */
import type { ShopPlatform } from './platform.js';

export const WOOCOMMERCE_ORDER_SAMPLE = `{
  "id": 727,
  "parent_id": 0,
  "status": "processing",
  "currency": "IDR",
  "version": "9.4.0",
  "prices_include_tax": false,
  "date_created": "2026-11-23T09:00:00",
  "date_modified": "2026-11-23T09:05:00",
  "discount_total": "0",
  "discount_tax": "0",
  "shipping_total": "10000",
  "shipping_tax": "0",
  "cart_tax": "0",
  "total": "110000",
  "total_tax": "0",
  "customer_id": 0,
  "order_key": "wc_order_8Xh2kPq1LmZ0",
  "billing": {
    "first_name": "Budi",
    "last_name": "Santoso",
    "company": "",
    "address_1": "Jl. Merdeka No. 1",
    "address_2": "",
    "city": "Bandung",
    "state": "JB",
    "postcode": "40111",
    "country": "ID",
    "email": "budi@example.com",
    "phone": "0812-3456-7890"
  },
  "shipping": {
    "first_name": "Budi",
    "last_name": "Santoso",
    "company": "",
    "address_1": "Jl. Merdeka No. 1",
    "address_2": "",
    "city": "Bandung",
    "state": "JB",
    "postcode": "40111",
    "country": "ID",
    "phone": ""
  },
  "payment_method": "bacs",
  "payment_method_title": "Transfer Bank",
  "transaction_id": "",
  "customer_ip_address": "203.0.113.7",
  "customer_user_agent": "Mozilla/5.0",
  "created_via": "checkout",
  "customer_note": "",
  "date_completed": null,
  "date_paid": "2026-11-23T09:05:00",
  "cart_hash": "b1946ac92492d2347c6235b4d2611184",
  "number": "727",
  "meta_data": [],
  "line_items": [
    {
      "id": 315,
      "name": "Kopi Arabika",
      "product_id": 93,
      "variation_id": 0,
      "quantity": 2,
      "tax_class": "",
      "subtotal": "100000",
      "subtotal_tax": "0",
      "total": "100000",
      "total_tax": "0",
      "taxes": [],
      "meta_data": [],
      "sku": "KOPI-ARB-250",
      "price": 50000
    }
  ],
  "tax_lines": [],
  "shipping_lines": [
    { "id": 316, "method_title": "JNE REG", "method_id": "flat_rate", "total": "10000", "total_tax": "0", "taxes": [], "meta_data": [] }
  ],
  "fee_lines": [],
  "coupon_lines": [],
  "refunds": [],
  "date_created_gmt": "2026-11-23T02:00:00",
  "date_modified_gmt": "2026-11-23T02:05:00",
  "date_completed_gmt": null,
  "date_paid_gmt": "2026-11-23T02:05:00",
  "currency_symbol": "Rp"
}`;

export const SHOPIFY_ORDER_SAMPLE = `{
  "id": 820982911946154508,
  "admin_graphql_api_id": "gid://shopify/Order/820982911946154508",
  "app_id": null,
  "browser_ip": null,
  "buyer_accepts_marketing": true,
  "cancel_reason": null,
  "cancelled_at": null,
  "confirmation_number": "XKJ4ZT9QB",
  "confirmed": true,
  "contact_email": "siti@example.com",
  "created_at": "2026-11-23T09:00:00+07:00",
  "currency": "IDR",
  "current_total_price": "185000.00",
  "email": "siti@example.com",
  "financial_status": "paid",
  "fulfillment_status": null,
  "name": "#1001",
  "note": null,
  "number": 1,
  "order_number": 1001,
  "phone": null,
  "presentment_currency": "IDR",
  "processed_at": "2026-11-23T09:00:05+07:00",
  "subtotal_price": "175000.00",
  "tags": "",
  "test": false,
  "total_price": "185000.00",
  "total_tax": "0.00",
  "updated_at": "2026-11-23T09:00:06+07:00",
  "billing_address": {
    "first_name": "Siti",
    "last_name": "Rahayu",
    "address1": "Jl. Sudirman 10",
    "phone": "0813 1111 2222",
    "city": "Jakarta Selatan",
    "zip": "12190",
    "province": "DKI Jakarta",
    "country": "Indonesia",
    "name": "Siti Rahayu",
    "country_code": "ID",
    "province_code": "JK"
  },
  "customer": {
    "id": 115310627314723954,
    "email": "siti@example.com",
    "first_name": "Siti",
    "last_name": "Rahayu",
    "phone": null,
    "currency": "IDR",
    "admin_graphql_api_id": "gid://shopify/Customer/115310627314723954"
  },
  "fulfillments": [],
  "line_items": [
    {
      "id": 866550311766439020,
      "admin_graphql_api_id": "gid://shopify/LineItem/866550311766439020",
      "fulfillable_quantity": 1,
      "fulfillment_status": null,
      "gift_card": false,
      "grams": 500,
      "name": "Teh Melati - 100 g",
      "price": "75000.00",
      "product_id": 632910392,
      "quantity": 1,
      "requires_shipping": true,
      "sku": "TEH-MLT-100",
      "title": "Teh Melati",
      "variant_id": 808950810,
      "variant_title": "100 g",
      "vendor": "Kebun Sapa"
    },
    {
      "id": 141249953214522974,
      "admin_graphql_api_id": "gid://shopify/LineItem/141249953214522974",
      "fulfillable_quantity": 2,
      "fulfillment_status": null,
      "gift_card": false,
      "grams": 250,
      "name": "Gula Aren",
      "price": "50000.00",
      "product_id": 632910393,
      "quantity": 2,
      "requires_shipping": true,
      "sku": "GULA-AREN",
      "title": "Gula Aren",
      "variant_id": 808950811,
      "variant_title": null,
      "vendor": "Kebun Sapa"
    }
  ],
  "shipping_address": {
    "first_name": "Siti",
    "last_name": "Rahayu",
    "address1": "Jl. Sudirman 10",
    "phone": "0813 1111 2222",
    "city": "Jakarta Selatan",
    "zip": "12190",
    "province": "DKI Jakarta",
    "country": "Indonesia",
    "name": "Siti Rahayu",
    "country_code": "ID",
    "province_code": "JK"
  },
  "shipping_lines": [
    { "id": 271878346596884015, "code": "JNE REG", "price": "10000.00", "source": "shopify", "title": "JNE REG" }
  ]
}`;

/** The Shopify sample once fulfilled: its fulfilment with a JNE tracking number (topic orders/fulfilled). */
export const SHOPIFY_FULFILLMENT_SAMPLE = `{
  "id": 255858046,
  "admin_graphql_api_id": "gid://shopify/Fulfillment/255858046",
  "created_at": "2026-11-24T10:00:00+07:00",
  "location_id": 655441491,
  "name": "#1001.1",
  "order_id": 820982911946154508,
  "service": "manual",
  "shipment_status": null,
  "status": "success",
  "tracking_company": "JNE",
  "tracking_number": "JNE0012345",
  "tracking_numbers": ["JNE0012345"],
  "tracking_url": "https://www.jne.co.id/id/tracking/trace",
  "tracking_urls": ["https://www.jne.co.id/id/tracking/trace"],
  "updated_at": "2026-11-24T10:00:00+07:00"
}`;

/** A ready example per platform for the tester: topic and body. */
export const SHOP_SAMPLES: Readonly<Record<ShopPlatform, { topic: string; payload: string }>> = {
  woocommerce: { topic: 'order.updated', payload: WOOCOMMERCE_ORDER_SAMPLE },
  shopify: { topic: 'orders/create', payload: SHOPIFY_ORDER_SAMPLE },
};
