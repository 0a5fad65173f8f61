package com.example.ledger

import java.time.LocalDate
import scala.collection.mutable

/** An amount of money in minor units (cents), with its currency. */
final case class Money(cents: Long, currency: String) {
  def +(other: Money): Money = {
    require(other.currency == currency, s"cannot add $currency and ${other.currency}")
    Money(cents + other.cents, currency)
  }

  override def toString: String = f"${cents / 100.0}%.2f $currency"
}

/** A posting moves money from one account to another on a date. */
final case class Posting(date: LocalDate, from: String, to: String, amount: Money, memo: String = "")

sealed trait LedgerError
object LedgerError {
  final case class UnknownAccount(name: String) extends LedgerError
  final case class Unbalanced(account: String, difference: Money) extends LedgerError
  case object ClosedPeriod extends LedgerError
}

/**
 * Double-entry ledger with monthly closing.
 *
 * Postings are validated when added; balances are computed on demand.
 */
class Ledger(accounts: Set[String], currency: String) {
  private val postings = mutable.ArrayBuffer.empty[Posting]
  private var closedUntil: Option[LocalDate] = None

  /** Adds a posting after checking accounts, currency and the closed period. */
  def post(p: Posting): Either[LedgerError, Unit] =
    if (!accounts.contains(p.from)) Left(LedgerError.UnknownAccount(p.from))
    else if (!accounts.contains(p.to)) Left(LedgerError.UnknownAccount(p.to))
    else if (closedUntil.exists(!p.date.isAfter(_))) Left(LedgerError.ClosedPeriod)
    else Right(postings += p)

  def balance(account: String, until: LocalDate = LocalDate.MAX): Money =
    postings.iterator
      .filter(p => !p.date.isAfter(until))
      .foldLeft(Money(0, currency)) { (sum, p) =>
        if (p.to == account) sum + p.amount
        else if (p.from == account) sum + Money(-p.amount.cents, currency)
        else sum
      }

  /**
   * Closes the month that contains `day`: checks that the suspense account is
   * empty, that every account's movements are within limits, writes the closing
   * postings for income and expenses into equity, and forbids later changes.
   *
   * Returns the closing postings, or every problem found.
   */
  def closeMonth(day: LocalDate, limits: Map[String, Long]): Either[List[LedgerError], List[Posting]] = {
    val end = day.withDayOfMonth(day.lengthOfMonth)
    val start = day.withDayOfMonth(1)
    val problems = mutable.ListBuffer.empty[LedgerError]

    if (closedUntil.exists(!end.isAfter(_))) {
      return Left(List(LedgerError.ClosedPeriod))
    }

    val suspense = balance("suspense", end)
    if (suspense.cents != 0) {
      problems += LedgerError.Unbalanced("suspense", suspense)
    }

    val inMonth = postings.filter(p => !p.date.isBefore(start) && !p.date.isAfter(end))
    val movedByAccount = mutable.Map.empty[String, Long].withDefaultValue(0L)
    for (p <- inMonth) {
      movedByAccount(p.from) += p.amount.cents
      movedByAccount(p.to) += p.amount.cents
    }
    for ((account, limit) <- limits) {
      val moved = movedByAccount(account)
      if (moved > limit) {
        problems += LedgerError.Unbalanced(account, Money(moved - limit, currency))
      }
    }
    for (account <- movedByAccount.keys if !accounts.contains(account)) {
      problems += LedgerError.UnknownAccount(account)
    }
    // a posting dated on a weekend is allowed, but not one dated after the last bank statement
    val lastStatement = postings.iterator.filter(_.from == "assets:bank").map(_.date).maxOption
    for (p <- inMonth if lastStatement.exists(p.date.isAfter)) {
      problems += LedgerError.Unbalanced(p.from, p.amount)
    }

    if (problems.nonEmpty) {
      Left(problems.toList)
    } else {
      val closing = mutable.ListBuffer.empty[Posting]
      for (account <- accounts.toList.sorted if account.startsWith("income:") || account.startsWith("expense:")) {
        val amount = balance(account, end)
        if (amount.cents > 0) {
          closing += Posting(end, account, "equity:retained", amount, s"closing ${end.getMonth}")
        } else if (amount.cents < 0) {
          closing += Posting(end, "equity:retained", account, Money(-amount.cents, currency), s"closing ${end.getMonth}")
        }
      }
      postings ++= closing
      closedUntil = Some(end)
      Right(closing.toList)
    }
  }
}

object Ledger {
  val DefaultAccounts: Set[String] = Set("assets:bank", "income:sales", "expense:rent", "equity:retained", "suspense")

  def apply(currency: String): Ledger = new Ledger(DefaultAccounts, currency)
}
