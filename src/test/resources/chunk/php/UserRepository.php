<?php

declare(strict_types=1);

namespace App\Repository;

use App\Entity\User;
use PDO;
use PDOException;
use RuntimeException;

/**
 * Maximum number of users returned by one search.
 */
const MAX_RESULTS = 200;

/**
 * Thrown when a user cannot be stored because the e-mail is taken.
 */
final class DuplicateEmailException extends RuntimeException
{
    public function __construct(public readonly string $email)
    {
        parent::__construct("e-mail address already registered: {$email}");
    }
}

/**
 * Loads and stores users in the relational database.
 *
 * All queries are prepared statements; nothing is concatenated into SQL.
 */
#[Repository(entity: User::class)]
class UserRepository
{
    private const COLUMNS = 'id, email, display_name, role, created_at, disabled';

    public function __construct(private PDO $db)
    {
        $this->db->setAttribute(PDO::ATTR_ERRMODE, PDO::ERRMODE_EXCEPTION);
    }

    /** Finds a user by id, or null. */
    public function find(int $id): ?User
    {
        $statement = $this->db->prepare('SELECT ' . self::COLUMNS . ' FROM users WHERE id = :id');
        $statement->execute(['id' => $id]);
        $row = $statement->fetch(PDO::FETCH_ASSOC);
        return $row === false ? null : User::fromRow($row);
    }

    /**
     * Searches users by a free-text query with optional filters.
     *
     * @param array{role?: string, disabled?: bool, createdAfter?: string, sort?: string} $filters
     * @return User[]
     */
    public function search(string $query, array $filters = [], int $limit = 50, int $offset = 0): array
    {
        $where = [];
        $params = [];
        $query = trim($query);
        if ($query !== '') {
            $where[] = '(email LIKE :q OR display_name LIKE :q)';
            $params['q'] = '%' . addcslashes($query, '%_\\') . '%';
        }
        if (isset($filters['role'])) {
            if (!in_array($filters['role'], ['admin', 'editor', 'viewer'], true)) {
                throw new \InvalidArgumentException("unknown role {$filters['role']}");
            }
            $where[] = 'role = :role';
            $params['role'] = $filters['role'];
        }
        if (isset($filters['disabled'])) {
            $where[] = 'disabled = :disabled';
            $params['disabled'] = $filters['disabled'] ? 1 : 0;
        }
        if (isset($filters['createdAfter'])) {
            $date = \DateTimeImmutable::createFromFormat('Y-m-d', $filters['createdAfter']);
            if ($date === false) {
                throw new \InvalidArgumentException('createdAfter must be YYYY-MM-DD');
            }
            $where[] = 'created_at >= :created';
            $params['created'] = $date->format('Y-m-d 00:00:00');
        }

        $sort = match ($filters['sort'] ?? 'created') {
            'created' => 'created_at DESC',
            'name' => 'display_name ASC',
            'email' => 'email ASC',
            default => throw new \InvalidArgumentException("cannot sort by {$filters['sort']}"),
        };
        $limit = max(1, min($limit, MAX_RESULTS));
        $offset = max(0, $offset);

        $sql = 'SELECT ' . self::COLUMNS . ' FROM users';
        if ($where !== []) {
            $sql .= ' WHERE ' . implode(' AND ', $where);
        }
        $sql .= " ORDER BY {$sort} LIMIT :limit OFFSET :offset";

        $statement = $this->db->prepare($sql);
        foreach ($params as $name => $value) {
            $statement->bindValue($name, $value, is_int($value) ? PDO::PARAM_INT : PDO::PARAM_STR);
        }
        $statement->bindValue('limit', $limit, PDO::PARAM_INT);
        $statement->bindValue('offset', $offset, PDO::PARAM_INT);
        $statement->execute();

        $users = [];
        while (($row = $statement->fetch(PDO::FETCH_ASSOC)) !== false) {
            $users[] = User::fromRow($row);
        }
        return $users;
    }

    /** Inserts a user and returns its id. */
    public function add(User $user): int
    {
        try {
            $statement = $this->db->prepare(
                'INSERT INTO users (email, display_name, role) VALUES (:email, :name, :role)'
            );
            $statement->execute(['email' => $user->email, 'name' => $user->displayName, 'role' => $user->role]);
        } catch (PDOException $e) {
            if ($e->getCode() === '23000') {
                throw new DuplicateEmailException($user->email);
            }
            throw $e;
        }
        return (int) $this->db->lastInsertId();
    }
}

function normalize_email(string $email): string
{
    return strtolower(trim($email));
}
