using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace Billing.Invoicing
{
    /// <summary>How an invoice line is taxed.</summary>
    public enum TaxCategory
    {
        Standard,
        Reduced,
        Exempt,
    }

    /// <summary>One billable item.</summary>
    public sealed record InvoiceLine(string Description, decimal Quantity, decimal UnitPrice, TaxCategory Tax);

    /// <summary>
    /// Builds plain-text invoices and computes their totals.
    /// </summary>
    /// <remarks>Amounts are rounded half away from zero, per line.</remarks>
    [Serializable]
    public class InvoiceGenerator
    {
        private const int DescriptionWidth = 40;
        private readonly IReadOnlyDictionary<TaxCategory, decimal> _rates;
        private readonly CultureInfo _culture;

        public InvoiceGenerator(IReadOnlyDictionary<TaxCategory, decimal> rates, CultureInfo culture)
        {
            _rates = rates ?? throw new ArgumentNullException(nameof(rates));
            _culture = culture ?? CultureInfo.InvariantCulture;
        }

        /// <summary>Number of invoices rendered by this instance.</summary>
        public int Rendered { get; private set; }

        /// <summary>Net amount of a line, rounded to cents.</summary>
        public static decimal Net(InvoiceLine line) =>
            Math.Round(line.Quantity * line.UnitPrice, 2, MidpointRounding.AwayFromZero);

        /// <summary>
        /// Renders an invoice as fixed-width text: a header, one row per line,
        /// a tax summary per category and the grand total.
        /// </summary>
        /// <param name="number">Invoice number, printed in the header.</param>
        /// <param name="customer">Customer name and address lines.</param>
        /// <param name="lines">The billable items; at least one.</param>
        public string Render(string number, IReadOnlyList<string> customer, IReadOnlyList<InvoiceLine> lines)
        {
            if (string.IsNullOrWhiteSpace(number))
            {
                throw new ArgumentException("invoice number is required", nameof(number));
            }
            if (lines == null || lines.Count == 0)
            {
                throw new ArgumentException("an invoice needs at least one line", nameof(lines));
            }

            var text = new StringBuilder();
            text.AppendLine($"INVOICE {number}");
            text.AppendLine(DateTime.UtcNow.ToString("yyyy-MM-dd", _culture));
            text.AppendLine();
            foreach (var row in customer)
            {
                text.AppendLine(row);
            }
            text.AppendLine();

            var taxByCategory = new Dictionary<TaxCategory, decimal>();
            decimal netTotal = 0m;
            foreach (var line in lines)
            {
                if (line.Quantity <= 0)
                {
                    throw new ArgumentException($"quantity must be positive: {line.Description}");
                }
                var net = Net(line);
                netTotal += net;
                var rate = _rates.TryGetValue(line.Tax, out var r) ? r : 0m;
                var tax = Math.Round(net * rate, 2, MidpointRounding.AwayFromZero);
                taxByCategory[line.Tax] = taxByCategory.GetValueOrDefault(line.Tax) + tax;

                var description = line.Description.Length > DescriptionWidth
                    ? line.Description[..(DescriptionWidth - 1)] + "…"
                    : line.Description.PadRight(DescriptionWidth);
                text.Append(description)
                    .Append(line.Quantity.ToString("0.##", _culture).PadLeft(8))
                    .Append(line.UnitPrice.ToString("N2", _culture).PadLeft(12))
                    .AppendLine(net.ToString("N2", _culture).PadLeft(12));
            }

            text.AppendLine(new string('-', DescriptionWidth + 32));
            text.AppendLine($"{"Net",-20}{netTotal.ToString("N2", _culture),52}");
            foreach (var (category, tax) in taxByCategory.OrderBy(kv => kv.Key))
            {
                if (tax == 0m && category == TaxCategory.Exempt)
                {
                    continue;
                }
                var label = $"Tax {category} ({_rates.GetValueOrDefault(category) * 100:0.#}%)";
                text.AppendLine($"{label,-20}{tax.ToString("N2", _culture),52}");
            }
            var grandTotal = netTotal + taxByCategory.Values.Sum();
            text.AppendLine($"{"Total",-20}{grandTotal.ToString("N2", _culture),52}");
            if (grandTotal > 10_000m)
            {
                text.AppendLine();
                text.AppendLine("Payment terms: 30 days. Large invoice: please quote the number.");
            }
            Rendered++;
            return text.ToString();
        }
    }

    internal static class InvoiceNumbers
    {
        /// <summary>Formats a sequence number as INV-YYYY-NNNNN.</summary>
        public static string Format(int year, int sequence) => $"INV-{year}-{sequence:D5}";
    }
}
